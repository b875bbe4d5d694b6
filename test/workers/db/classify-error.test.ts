import { describe, expect, it } from "vitest";
import { DatabaseError } from "../../../src/index.ts";
import { classifyError } from "../../../src/db/classify-error.ts";

// Messages as the engines phrase them (recorded from DO SQLite and local D1;
// the forms without "(extended: …)" are how hosted D1 may word them). The
// parity suite checks the same mapping against the live engines.
const cases: [message: string, code: string, constraint: string | null][] = [
  ["UNIQUE constraint failed: t.s: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)", "constraint_violation", "unique"],
  ["D1_ERROR: UNIQUE constraint failed: t.s: SQLITE_CONSTRAINT", "constraint_violation", "unique"],
  ["UNIQUE constraint failed: t.id: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_PRIMARYKEY)", "constraint_violation", "primary_key"],
  ["D1_ERROR: NOT NULL constraint failed: t.s: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_NOTNULL)", "constraint_violation", "not_null"],
  ["CHECK constraint failed: c > 0: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_CHECK)", "constraint_violation", "check"],
  ["D1_ERROR: FOREIGN KEY constraint failed: SQLITE_CONSTRAINT", "constraint_violation", "foreign_key"],
  ["something odd: SQLITE_CONSTRAINT", "constraint_violation", null],
  ['near "selec": syntax error at offset 0: SQLITE_ERROR', "syntax_error", null],
  ["D1_ERROR: incomplete input: SQLITE_ERROR", "syntax_error", null],
  ["SQL code did not contain a statement.", "syntax_error", null],
  ["D1_ERROR: no such table: nope: SQLITE_ERROR", "no_such_table", null],
  ["no such column: nope at offset 7: SQLITE_ERROR", "no_such_column", null],
  ["To execute a transaction, please use the state.storage.transaction() or state.storage.transactionSync() APIs", "transaction_unsupported", null],
  ["D1_ERROR: Wrong number of parameter bindings for SQL query.", "query_failed", null],
];

describe("classifyError", () => {
  it.each(cases)("%s → %s", (message, code, constraint) => {
    const original = new Error(message);
    const error = classifyError(original);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ code, constraint, name: "DatabaseError" });
    expect(error.cause).toBe(original);
  });

  it("keeps the engine's text without D1's prefix", () => {
    const error = classifyError(new Error("D1_ERROR: no such table: nope: SQLITE_ERROR"));
    expect(error.message).toBe("no such table: nope: SQLITE_ERROR");
  });

  it("points to batch when SQL tries to open a transaction itself", () => {
    const error = classifyError(new Error("D1_ERROR: To execute a transaction, please use the state.storage.transaction() API"));
    expect(error.message).toMatch(/db\.batch\(\)/);
  });

  it("passes a DatabaseError through and wraps non-errors", () => {
    const mine = new DatabaseError("invalid_value", "x");
    expect(classifyError(mine)).toBe(mine);
    expect(classifyError("boom")).toMatchObject({ code: "query_failed", message: "boom", cause: "boom" });
  });
});
