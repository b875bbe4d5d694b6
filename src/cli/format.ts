import type { RemoteCommand } from "./args.ts";
import { printable } from "./errors.ts";
import { scheduleLines } from "./schedule-lines.ts";
import type { MigrationRef, RemoteResults, ShardReport } from "./wire.ts";

/** A shard's name for humans: D1 mode has one database for every shard. */
export function shardLabel(report: ShardReport): string {
  return report.shard === null ? "d1" : printable(report.shard);
}

/** The progress line of one shard (`counter` e.g. "[3/16]"), then its detail lines (indented). */
export function reportLines(command: RemoteCommand, report: ShardReport, counter: string): string[] {
  const head = `${counter} ${shardLabel(report)}${report.engine === "d1" && report.shard !== null ? " (d1)" : ""}`;
  if (!report.ok) {
    const { code, message, applied } = report.error;
    const lines = [`${head}  FAILED  ${printable(code)}: ${printable(message)}`];
    if (applied && applied.length > 0) lines.push(`    applied before it: ${applied.map(ref).join(", ")}`);
    return lines;
  }
  switch (command) {
    case "migrate":
      return migrateLines(head, report.result as RemoteResults["migrate"]);
    case "migrations":
      return migrationsLines(head, report.result as RemoteResults["migrations"]);
    case "create-admin":
      return createAdminLines(head, report.result as RemoteResults["create-admin"]);
    case "stats":
      return statsLines(head, report.result as RemoteResults["stats"]);
    case "schedules":
      return scheduleLines(head, report.result as RemoteResults["schedules"]);
  }
}

function migrateLines(head: string, result: RemoteResults["migrate"]): string[] {
  const applied = result.applied ?? [];
  const changed = (result.changed ?? []).map((m) => `    changed since applied: ${ref(m)}`);
  if (applied.length === 0) return [`${head}  ok  nothing to apply`, ...changed];
  return [`${head}  ok  applied ${applied.length}`, ...applied.map((m) => `    ${ref(m)}`), ...changed];
}

/** The applied files of a shard's answer that were edited since they were applied. */
export function editedFiles(command: RemoteCommand, report: ShardReport): string[] {
  if (!report.ok) return [];
  if (command === "migrate") return ((report.result as RemoteResults["migrate"]).changed ?? []).map(ref);
  if (command !== "migrations") return [];
  return ((report.result as RemoteResults["migrations"]).applied ?? []).filter((m) => m.checksum === "changed").map(ref);
}

function migrationsLines(head: string, result: RemoteResults["migrations"]): string[] {
  const applied = result.applied ?? [];
  const pending = result.pending ?? [];
  const missing = result.missing ?? [];
  const changed = applied.filter((m) => m.checksum === "changed").length;
  const summary = [`${applied.length} applied`, `${pending.length} pending`];
  if (changed > 0) summary.push(`${changed} changed since applied`);
  if (missing.length > 0) summary.push(`${missing.length} missing`);
  return [
    `${head}  ok  ${summary.join(", ")}`,
    ...applied.map((m) => `    applied  ${printable(m.appliedAt)}  ${ref(m)}  checksum ${printable(m.checksum)}`),
    ...pending.map((m) => `    pending  ${ref(m)}`),
    ...missing.map((m) => `    missing  ${printable(m.appliedAt)}  ${ref(m)} (in the ledger, no such file)`),
  ];
}

function createAdminLines(head: string, result: RemoteResults["create-admin"]): string[] {
  const user = result.user ?? {};
  const verb = result.created ? "created" : "promoted";
  const name = [user.first_name, user.last_name].filter(Boolean).join(" ");
  const lines = [`${head}  ok  ${verb} ${printable(user.email)}${name ? ` (${printable(name)})` : ""}: staff, superuser`];
  if (user.is_active === false) lines.push("    note: this user is inactive and cannot sign in until reactivated");
  return lines;
}

function statsLines(head: string, result: RemoteResults["stats"]): string[] {
  const tables = result.tables ?? [];
  const ledgers = result.ledgers ?? [];
  const size = typeof result.databaseSize === "number" ? formatBytes(result.databaseSize) : "size unknown";
  const width = Math.max(0, ...tables.map((t) => printable(t.name).length));
  return [
    `${head}  ok  ${tables.length} table${tables.length === 1 ? "" : "s"}, ${size}`,
    ...tables.map((t) => `    ${printable(t.name).padEnd(width)}  ${t.rows}`),
    ...(ledgers.length > 0 ? [`    ledgers: ${ledgers.map((t) => `${printable(t.name)} ${t.rows}`).join(", ")}`] : []),
  ];
}

function ref(migration: MigrationRef): string {
  return `${printable(migration.kind)} ${printable(migration.name)}`;
}

/** A size in bytes for humans: `512 B`, `1.5 KiB`, `3.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = "B";
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}
