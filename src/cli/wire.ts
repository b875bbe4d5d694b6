// What the router's admin routes send (src/admin/report.ts), as the CLI reads
// it: JSON from the network, so a result's fields are all optional. The
// router's own types reach Workers types, which the CLI (Node) cannot load.

/** A migration named by its kind (`app`, `builtin`) and file name. */
export interface MigrationRef {
  readonly kind: string;
  readonly name: string;
}

/** A table and its row count. */
export interface TableRows {
  readonly name: string;
  readonly rows: number;
}

/** Each command's result, as far as the CLI prints it. */
export interface RemoteResults {
  readonly migrate: { readonly applied?: readonly MigrationRef[]; readonly changed?: readonly MigrationRef[] };
  readonly migrations: {
    readonly applied?: readonly (MigrationRef & { readonly appliedAt: string; readonly checksum: string })[];
    readonly pending?: readonly MigrationRef[];
    readonly missing?: readonly (MigrationRef & { readonly appliedAt: string })[];
  };
  readonly "create-admin": {
    readonly created?: boolean;
    readonly user?: {
      readonly email?: string;
      readonly first_name?: string;
      readonly last_name?: string;
      readonly is_active?: boolean;
    };
  };
  readonly schedules: {
    readonly schedules?: readonly {
      readonly id?: number;
      readonly key?: string | null;
      readonly task?: string;
      readonly cron?: string | null;
      readonly runAt?: string;
      readonly attempts?: number;
      readonly maxAttempts?: number;
      readonly status?: string;
      readonly lastError?: string | null;
    }[];
    readonly cursor?: string | null;
  };
  readonly stats: {
    readonly tables?: readonly TableRows[];
    readonly ledgers?: readonly TableRows[];
    readonly databaseSize?: unknown;
  };
}

/** Why a shard failed. */
export interface ShardFailure {
  readonly code: string;
  readonly message: string;
  readonly file?: string;
  readonly applied?: readonly MigrationRef[];
}

/** One shard's report. `shard` is `null` in D1 mode, where one database serves every shard. */
export type ShardReport =
  | { readonly shard: string | null; readonly engine: "do" | "d1"; readonly ok: true; readonly result: unknown }
  | { readonly shard: string | null; readonly engine: "do" | "d1"; readonly ok: false; readonly error: ShardFailure };

/** The JSON body of an answer: `ok` false (HTTP 500 `admin_failed`) when a shard failed. */
export interface AnswerBody {
  readonly ok?: unknown;
  readonly results: readonly ShardReport[];
}

/**
 * A line of a streamed answer: `start` (with `targets`), one `shard` line per
 * shard as it finishes (a `ShardReport` besides `type`), then `end`.
 */
export interface StreamLine {
  readonly type?: unknown;
  readonly targets?: unknown;
}
