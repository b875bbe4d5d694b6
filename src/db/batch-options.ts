import { DatabaseError } from "./database-error.ts";

/**
 * Options of `db.batch`. `counts: false` skips each statement's `changes` and
 * `lastRowId`: on DO SQLite they cost one more `sql.exec` per statement (the
 * cursor does not report them): 10,000 inserts ran at 0.63× a bare `sql.exec`
 * loop's rate counted, 0.91× without (bench/RESULTS.md). Results then carry only `rows`.
 */
export interface BatchOptions {
  readonly counts?: boolean;
}

/** Whether a batch reports counts, refusing options that are not `{ counts?: boolean }`. */
export function batchCounts(options: BatchOptions | undefined): boolean {
  if (options === undefined) return true;
  if (
    typeof options !== "object" ||
    options === null ||
    (options.counts !== undefined && typeof options.counts !== "boolean")
  ) {
    throw new DatabaseError("invalid_value", "batch options must be { counts?: boolean }");
  }
  return options.counts !== false;
}
