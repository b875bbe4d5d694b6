import type { AdminFailure, AdminOperationName, AdminResults } from "../app/admin-types.ts";

/**
 * One shard's part of an admin response. `shard` is `null` in D1 mode when no
 * `?shard=` was given: there the one D1 database serves every shard.
 */
export type ShardReport<R = AdminResults[AdminOperationName]> =
  | { readonly shard: string | null; readonly engine: "do" | "d1"; readonly ok: true; readonly result: R }
  | { readonly shard: string | null; readonly engine: "do" | "d1"; readonly ok: false; readonly error: AdminFailure };

/**
 * The JSON body of an admin response. `ok` is true when every shard
 * succeeded (HTTP 200); otherwise HTTP 500 with `error: "admin_failed"` and
 * every shard's report, failed or not.
 */
export interface AdminResponseBody {
  readonly op: AdminOperationName;
  readonly ok: boolean;
  readonly results: readonly ShardReport[];
  readonly error?: "admin_failed";
  readonly message?: string;
}

/**
 * Lines of the streamed form (`Accept: application/x-ndjson`), always HTTP
 * 200: `start`, one `shard` line per shard as it finishes, then `end`. A
 * stream without `end` was cut off and counts as failed.
 */
export type AdminStreamLine =
  | { readonly type: "start"; readonly op: AdminOperationName; readonly targets: readonly (string | null)[] }
  | ({ readonly type: "shard" } & ShardReport)
  | { readonly type: "end"; readonly ok: boolean; readonly failed: number; readonly total: number };
