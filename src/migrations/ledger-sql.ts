// The two ledgers, as SQL shared by both engines.

/**
 * wrangler's own statement (wrangler 4.x, src/d1/migrations/helpers.ts
 * `initMigrationsTable`), whitespace included, so the table reads the same in
 * `sqlite_master` whichever tool created it. App files are applied when their
 * name is here: that is how wrangler decides too.
 */
export const CREATE_WRANGLER_LEDGER = `CREATE TABLE IF NOT EXISTS d1_migrations(
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		name       TEXT UNIQUE,
		applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

/**
 * dorm's ledger: every file dorm applied, app and built-in, with the SHA-256 of
 * its LF-normalised text at the time. Built-ins are applied when their row is
 * here; for app files it only adds the checksum to wrangler's ledger.
 */
export const CREATE_DORM_LEDGER = `CREATE TABLE IF NOT EXISTS _dorm_migrations(
  kind       TEXT NOT NULL CHECK (kind IN ('app', 'builtin')),
  name       TEXT NOT NULL,
  checksum   TEXT NOT NULL,
  applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (kind, name)
)`;

// Ledger rows go first in a file's transaction: on D1, where two isolates may
// apply at once, the UNIQUE name (d1_migrations) or primary key
// (_dorm_migrations, built-ins) then refuses the second before any of the
// file's statements run.
export const INSERT_WRANGLER_ROW = "INSERT INTO d1_migrations (name) VALUES (?)";
export const INSERT_DORM_ROW = "INSERT INTO _dorm_migrations (kind, name, checksum) VALUES (?, ?, ?)";
// An app row may outlive its d1_migrations row (removed by hand to re-run the
// file); d1_migrations decides, so the stale row is replaced.
export const UPSERT_DORM_ROW = "INSERT OR REPLACE INTO _dorm_migrations (kind, name, checksum) VALUES (?, ?, ?)";

/**
 * What is applied, as apply needs it (both ledgers exist by then): app files
 * by `d1_migrations`, as wrangler decides; built-ins by dorm's own ledger;
 * each with the checksum dorm recorded (null when dorm did not apply it).
 */
export const SELECT_APPLIED =
  "SELECT 'app' AS kind, w.name, d.checksum FROM d1_migrations w LEFT JOIN _dorm_migrations d ON d.kind = 'app' AND d.name = w.name" +
  " UNION ALL SELECT kind, name, checksum FROM _dorm_migrations WHERE kind = 'builtin'";

export const SELECT_LEDGER_TABLES =
  "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('d1_migrations', '_dorm_migrations')";
export const SELECT_WRANGLER_ROWS = "SELECT name, applied_at FROM d1_migrations ORDER BY id";
export const SELECT_DORM_ROWS = "SELECT kind, name, checksum, applied_at FROM _dorm_migrations ORDER BY rowid";

/** A statement with its parameters, for either engine to run. */
export interface LedgerStatement {
  readonly text: string;
  readonly params: readonly string[];
}

/**
 * The ledger rows that record one applied file: app files in both ledgers,
 * built-ins only in dorm's, so wrangler's view of the app stays exact.
 */
export function ledgerInserts(kind: "app" | "builtin", name: string, checksum: string): LedgerStatement[] {
  if (kind === "builtin") return [{ text: INSERT_DORM_ROW, params: ["builtin", name, checksum] }];
  return [
    { text: INSERT_WRANGLER_ROW, params: [name] },
    { text: UPSERT_DORM_ROW, params: ["app", name, checksum] },
  ];
}
