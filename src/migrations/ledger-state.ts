import type {
  AppliedMigrationStatus,
  MigrationFile,
  MigrationKind,
  MigrationRef,
  MigrationSet,
  MigrationStatus,
  MissingMigration,
  PendingMigration,
} from "./types.ts";

/** Both ledgers as read from either engine, in ledger order. */
export interface Ledgers {
  /** `d1_migrations`: the app files applied, by dorm or by wrangler. */
  readonly wrangler: readonly { name: string; appliedAt: string }[];
  /** `_dorm_migrations`: every file dorm applied, with its checksum. */
  readonly dorm: readonly { kind: MigrationKind; name: string; checksum: string; appliedAt: string }[];
}

/** A file of the set with its kind, in application order. */
export interface KindedFile {
  readonly kind: MigrationKind;
  readonly file: MigrationFile;
}

/** Built-ins first (the app's files may use their tables), then the app's. */
export function filesInOrder(set: MigrationSet): KindedFile[] {
  return [
    ...set.builtin.map((file) => ({ kind: "builtin" as const, file })),
    ...set.app.map((file) => ({ kind: "app" as const, file })),
  ];
}

/**
 * From the rows of `SELECT_APPLIED`: the files not applied yet, in
 * application order, and the applied files whose text changed since dorm
 * applied them (their checksum differs from the one it recorded).
 */
export function ledgerView(
  set: MigrationSet,
  appliedRows: readonly Record<string, unknown>[],
): { pending: KindedFile[]; changed: MigrationRef[] } {
  const recorded = new Map(appliedRows.map((row) => [key(row.kind as MigrationKind, String(row.name)), row.checksum]));
  const files = filesInOrder(set);
  const sum = ({ kind, file }: KindedFile) => recorded.get(key(kind, file.name));
  return {
    pending: files.filter((entry) => !recorded.has(key(entry.kind, entry.file.name))),
    // A null checksum: applied without dorm (by wrangler), so nothing to compare.
    changed: files.flatMap((entry) => (sum(entry) && sum(entry) !== entry.file.checksum ? [{ kind: entry.kind, name: entry.file.name }] : [])),
  };
}

/**
 * The status report from both ledgers and the files' checksums. An app file is applied when `d1_migrations` names it, as
 * wrangler decides; its checksum status is `unknown` when dorm has no row for
 * it, i.e. wrangler (or anyone else) applied it. A stale dorm row for an app
 * file that `d1_migrations` no longer names is ignored: the file is pending.
 */
export function migrationStatus(set: MigrationSet, ledgers: Ledgers): MigrationStatus {
  const applied = appliedRows(ledgers);
  const recorded = new Map(ledgers.dorm.map((row) => [key(row.kind, row.name), row.checksum]));
  const status: AppliedMigrationStatus[] = [];
  const pending: PendingMigration[] = [];
  for (const { kind, file } of filesInOrder(set)) {
    const k = key(kind, file.name);
    const row = applied.get(k);
    if (row === undefined) {
      pending.push({ kind, name: file.name });
      continue;
    }
    const sum = recorded.get(k);
    const checksum = sum === undefined ? "unknown" : sum === file.checksum ? "ok" : "changed";
    status.push({ kind, name: file.name, appliedAt: row.appliedAt, checksum });
  }
  const known = new Set(filesInOrder(set).map(({ kind, file }) => key(kind, file.name)));
  const missing: MissingMigration[] = [...applied]
    .filter(([k]) => !known.has(k))
    .map(([, row]) => row);
  return { applied: status, pending, missing };
}

interface AppliedRow {
  readonly kind: MigrationKind;
  readonly name: string;
  readonly appliedAt: string;
}

// Applied files with their time: built-ins from dorm's ledger, app files from
// wrangler's, taking dorm's time when it has one (it keeps milliseconds).
// Insertion order is ledger order, built-ins first, which `missing` relies on.
function appliedRows(ledgers: Ledgers): Map<string, AppliedRow> {
  const applied = new Map<string, AppliedRow>();
  const dormTimes = new Map(ledgers.dorm.map((row) => [key(row.kind, row.name), row.appliedAt]));
  for (const { kind, name, appliedAt } of ledgers.dorm) {
    if (kind === "builtin") applied.set(key(kind, name), { kind, name, appliedAt });
  }
  for (const { name, appliedAt } of ledgers.wrangler) {
    const k = key("app", name);
    applied.set(k, { kind: "app", name, appliedAt: dormTimes.get(k) ?? appliedAt });
  }
  return applied;
}

function key(kind: MigrationKind, name: string): string {
  return `${kind}/${name}`;
}
