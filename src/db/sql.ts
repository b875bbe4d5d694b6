import type { Query, SqlValue } from "./types.ts";

/** What `sql` accepts between `${…}`: a value to bind, or a query to inline. */
export type SqlFragment = SqlValue | Query;

function isQuery(value: unknown): value is Query {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Query).text === "string" &&
    Array.isArray((value as Query).params)
  );
}

function build(strings: readonly string[], values: readonly SqlFragment[]): Query {
  let text = strings[0] ?? "";
  const params: SqlValue[] = [];
  values.forEach((value, i) => {
    if (isQuery(value)) {
      text += value.text;
      params.push(...value.params);
    } else {
      // Values are never spliced into the text, whatever they contain.
      text += "?";
      params.push(value);
    }
    text += strings[i + 1] ?? "";
  });
  return { text, params };
}

// A call site's strings array is the same object on every call, so the text
// of a query with plain values only is joined once per call site. The engine
// then gets one string object per statement, whose hash V8 keeps.
const texts = new WeakMap<TemplateStringsArray, string>();

function tag(strings: TemplateStringsArray, ...values: SqlFragment[]): Query {
  for (const value of values) if (isQuery(value)) return build(strings, values);
  let text = texts.get(strings);
  if (text === undefined) {
    text = strings.join("?");
    texts.set(strings, text);
  }
  return { text, params: values as SqlValue[] };
}

/**
 * Joins fragments with a separator given as SQL text; plain values become `?`.
 *
 * @example
 * ```ts
 * sql`select * from notes where id in (${sql.join(ids)})`;
 * sql`select * from t where ${sql.join([sql`a = ${1}`, sql`b = ${2}`], " and ")}`;
 * ```
 */
function join(fragments: readonly SqlFragment[], separator = ", "): Query {
  return build(["", ...fragments.slice(1).map(() => separator), ""], fragments);
}

/**
 * The `sql` tagged template: builds a {@link Query} whose interpolated values
 * are always bound as `?` parameters. A `Query` interpolated inside another is
 * inlined with its parameters, so conditions compose. Identifiers (table and
 * column names) cannot be interpolated, since SQLite cannot bind them: write
 * them in the text.
 *
 * @example
 * ```ts
 * const mine = sql`owner = ${email}`;
 * const rows = await db.all(sql`select * from notes where ${mine} and id > ${after}`);
 * // { text: "select * from notes where owner = ? and id > ?", params: [email, after] }
 * ```
 */
export const sql: typeof tag & { join: typeof join } = Object.assign(tag, { join });
