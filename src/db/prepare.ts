import { DatabaseError } from "./database-error.ts";
import type { Query, SqlValue } from "./types.ts";
import { toEngineValue } from "./values.ts";
import type { EngineValue } from "./values.ts";

/** A statement ready for an engine: text plus already-mapped parameters. */
export interface Prepared {
  readonly text: string;
  readonly params: EngineValue[];
}

/**
 * Normalises the two ways of writing a query (a `Query`, or text plus
 * parameters) and maps every parameter, so both engines refuse the same
 * values with the same errors before any SQL runs.
 *
 * @example
 * ```ts
 * prepare("select * from t where id = ?", [1]); // { text: "select …", params: [1] }
 * prepare(sql`select * from t where ok = ${true}`); // params: [1]
 * ```
 */
export function prepare(query: Query | string, params?: readonly SqlValue[]): Prepared {
  if (typeof query !== "string" && params !== undefined) {
    throw new DatabaseError(
      "invalid_value",
      "parameters are given twice: a Query carries its own, pass them only with SQL text",
    );
  }
  const text = typeof query === "string" ? query : query.text;
  // The engines word an empty statement differently; say it once for both.
  if (text.trim() === "") throw new DatabaseError("syntax_error", "the SQL text is empty");
  const values = typeof query === "string" ? (params ?? []) : query.params;
  return { text, params: values.map(toEngineValue) };
}
