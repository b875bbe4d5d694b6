import { printable } from "./errors.js";

/** @typedef {import("./client.js").ShardReport} ShardReport */

/**
 * A shard's name for humans: D1 mode has one database for every shard.
 * @param {ShardReport} report
 */
export function shardLabel(report) {
  return report.shard === null ? "d1" : printable(report.shard);
}

/**
 * The progress line of one shard, then its detail lines (indented).
 * @param {string} command
 * @param {ShardReport} report
 * @param {string} counter e.g. "[3/16]"
 * @returns {string[]}
 */
export function reportLines(command, report, counter) {
  const head = `${counter} ${shardLabel(report)}${report.engine === "d1" && report.shard !== null ? " (d1)" : ""}`;
  if (!report.ok) {
    const { code, message, applied } = report.error;
    const lines = [`${head}  FAILED  ${printable(code)}: ${printable(message)}`];
    if (applied && applied.length > 0) lines.push(`    applied before it: ${applied.map(ref).join(", ")}`);
    return lines;
  }
  const result = report.result;
  switch (command) {
    case "migrate": {
      /** @type {{ kind: string, name: string }[]} */
      const applied = result.applied ?? [];
      if (applied.length === 0) return [`${head}  ok  nothing to apply`];
      return [`${head}  ok  applied ${applied.length}`, ...applied.map((m) => `    ${ref(m)}`)];
    }
    case "migrations": {
      /** @type {{ kind: string, name: string, appliedAt: string, checksum: string }[]} */
      const applied = result.applied ?? [];
      /** @type {{ kind: string, name: string }[]} */
      const pending = result.pending ?? [];
      /** @type {{ kind: string, name: string, appliedAt: string }[]} */
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
    case "create-admin": {
      const user = result.user ?? {};
      const verb = result.created ? "created" : "promoted";
      const name = [user.first_name, user.last_name].filter(Boolean).join(" ");
      const lines = [`${head}  ok  ${verb} ${printable(user.email)}${name ? ` (${printable(name)})` : ""}: staff, superuser`];
      if (user.is_active === false) lines.push("    note: this user is inactive and cannot sign in until reactivated");
      return lines;
    }
    case "stats": {
      /** @type {{ name: string, rows: number }[]} */
      const tables = result.tables ?? [];
      /** @type {{ name: string, rows: number }[]} */
      const ledgers = result.ledgers ?? [];
      const size = typeof result.databaseSize === "number" ? formatBytes(result.databaseSize) : "size unknown";
      const width = Math.max(0, ...tables.map((t) => printable(t.name).length));
      return [
        `${head}  ok  ${tables.length} table${tables.length === 1 ? "" : "s"}, ${size}`,
        ...tables.map((t) => `    ${printable(t.name).padEnd(width)}  ${t.rows}`),
        ...(ledgers.length > 0 ? [`    ledgers: ${ledgers.map((t) => `${printable(t.name)} ${t.rows}`).join(", ")}`] : []),
      ];
    }
    default:
      return [`${head}  ok`];
  }
}

/**
 * @param {{ kind: string, name: string }} migration
 */
function ref(migration) {
  return `${printable(migration.kind)} ${printable(migration.name)}`;
}

/**
 * @param {number} bytes
 */
export function formatBytes(bytes) {
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
