// Token classes and transitions of SQLite's own sqlite3_complete() (complete.c),
// which the sqlite3 shell uses to decide where a statement ends. Following it,
// rather than a hand-made heuristic, makes the split agree with SQLite on
// triggers: inside `CREATE TRIGGER … BEGIN … END` a `;` ends the statement only
// in the sequence `; END ;`, so `CASE … END;` in a trigger body does not.
const SEMI = 0;
const WS = 1;
const OTHER = 2;
const EXPLAIN = 3;
const CREATE = 4;
const TEMP = 5;
const TRIGGER = 6;
const END = 7;
type Token = typeof SEMI | typeof WS | typeof OTHER | typeof EXPLAIN | typeof CREATE | typeof TEMP | typeof TRIGGER | typeof END;

// States: 0 no statement yet, 1 after a `;`, 2 inside a statement, 3 EXPLAIN,
// 4 CREATE [TEMP], 5 inside a trigger, 6 `;` inside a trigger, 7 `; END` inside a trigger.
// prettier-ignore
const TRANSITIONS: readonly (readonly number[])[] = [
  /*               SEMI WS OTHER EXPLAIN CREATE TEMP TRIGGER END */
  /* 0 invalid */ [1,   0, 2,    3,      4,     2,   2,      2],
  /* 1 start   */ [1,   1, 2,    3,      4,     2,   2,      2],
  /* 2 normal  */ [1,   2, 2,    2,      2,     2,   2,      2],
  /* 3 explain */ [1,   3, 3,    2,      4,     2,   2,      2],
  /* 4 create  */ [1,   4, 2,    2,      2,     4,   5,      2],
  /* 5 trigger */ [6,   5, 5,    5,      5,     5,   5,      5],
  /* 6 semi    */ [6,   6, 5,    5,      5,     5,   5,      7],
  /* 7 end     */ [1,   7, 5,    5,      5,     5,   5,      5],
];

// A Map, not an object literal: words like `constructor` must not find a prototype member.
const KEYWORDS: ReadonlyMap<string, Token> = new Map<string, Token>([
  ["explain", EXPLAIN],
  ["create", CREATE],
  ["temp", TEMP],
  ["temporary", TEMP],
  ["trigger", TRIGGER],
  ["end", END],
]);

// SQLite identifier characters: ASCII letters, digits, `_`, `$` and every
// non-ASCII character.
const IDENTIFIER = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * Splits SQL text into its statements the way SQLite reads it: `;` inside
 * `'…'` strings, `"…"`, `` `…` `` and `[…]` identifiers, `--` and `/* *\/`
 * comments and trigger bodies does not end a statement. Each statement comes
 * back without its final `;` and without comments before its first token;
 * comment-only stretches are dropped (engines refuse them: "SQL code did not
 * contain a statement"). It never throws: unterminated strings are left for
 * the engine to report, an unterminated block comment runs to the end as in
 * SQLite.
 *
 * @example
 * ```ts
 * splitStatements("-- notes\nCREATE TABLE t (s TEXT DEFAULT 'a;b'); INSERT INTO t DEFAULT VALUES;")
 * // ["CREATE TABLE t (s TEXT DEFAULT 'a;b')", "INSERT INTO t DEFAULT VALUES"]
 * ```
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let state = 0;
  let start = -1; // index of the current statement's first token, -1 before it
  let i = 0;
  while (i < sql.length) {
    const [token, end] = readToken(sql, i);
    if (token !== WS && token !== SEMI && start === -1) start = i;
    const next = TRANSITIONS[state]?.[token] ?? 2;
    if (token === SEMI && next === 1) {
      if (start !== -1) statements.push(sql.slice(start, i).trimEnd());
      start = -1;
    }
    state = next;
    i = end;
  }
  if (start !== -1) statements.push(sql.slice(start).trimEnd());
  return statements;
}

/** The token at `i`: its class and the index just past it. */
function readToken(sql: string, i: number): [Token, number] {
  const c = sql[i] ?? "";
  if (c === ";") return [SEMI, i + 1];
  if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f") return [WS, i + 1];
  if (c === "-" && sql[i + 1] === "-") {
    const newline = sql.indexOf("\n", i + 2);
    return [WS, newline === -1 ? sql.length : newline + 1];
  }
  if (c === "/" && sql[i + 1] === "*") {
    const close = sql.indexOf("*/", i + 2);
    return [WS, close === -1 ? sql.length : close + 2];
  }
  if (c === "'" || c === '"' || c === "`") return [OTHER, closeQuote(sql, i + 1, c)];
  if (c === "[") {
    const close = sql.indexOf("]", i + 1);
    return [OTHER, close === -1 ? sql.length : close + 1];
  }
  if (IDENTIFIER.test(c)) {
    let end = i + 1;
    while (end < sql.length && IDENTIFIER.test(sql[end] ?? "")) end++;
    return [KEYWORDS.get(sql.slice(i, end).toLowerCase()) ?? OTHER, end];
  }
  return [OTHER, i + 1];
}

/** Index just past the quote that closes one opened before `from`; a doubled quote is an escaped one. */
function closeQuote(sql: string, from: number, quote: string): number {
  let i = from;
  for (;;) {
    const close = sql.indexOf(quote, i);
    if (close === -1) return sql.length;
    if (sql[close + 1] !== quote) return close + 1;
    i = close + 2;
  }
}
