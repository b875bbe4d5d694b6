import { splitStatements } from "./split-statements.ts";

const BEGIN = new Set(["BEGIN"]);
const COMMIT = new Set(["COMMIT", "END"]);
const OTHER_CONTROL = new Set(["ROLLBACK", "SAVEPOINT", "RELEASE"]);

/**
 * The statements of a migration file, ready to run inside the transaction dorm
 * opens for it. Throws an `Error` (its caller wraps it in a `MigrationError`)
 * when the file controls transactions itself.
 *
 * Why: DO SQLite refuses BEGIN, COMMIT and SAVEPOINT outright (it wants
 * `transactionSync`), and on D1 they would break the atomic batch. A single
 * `BEGIN [TRANSACTION] … COMMIT`/`END` pair is what `sqlite3 .dump` writes and
 * what wrangler strips before sending a file to D1, and it asks for exactly
 * what dorm does anyway, so that pair is dropped. Anything else (a second pair,
 * an unpaired BEGIN or COMMIT, ROLLBACK, SAVEPOINT, RELEASE) would mean
 * something dorm cannot honour, so the file is refused before any statement
 * runs.
 *
 * @example
 * ```ts
 * migrationStatements("BEGIN TRANSACTION; CREATE TABLE t (x); COMMIT;") // ["CREATE TABLE t (x)"]
 * ```
 */
export function migrationStatements(sql: string): string[] {
  const statements = splitStatements(sql);
  const begins: number[] = [];
  const commits: number[] = [];
  for (const [index, statement] of statements.entries()) {
    const word = /^[A-Za-z]+/.exec(statement)?.[0].toUpperCase() ?? "";
    if (BEGIN.has(word)) begins.push(index);
    else if (COMMIT.has(word)) commits.push(index);
    else if (OTHER_CONTROL.has(word)) throw transactionControl(word);
  }
  if (begins.length === 0 && commits.length === 0) return statements;
  const [begin] = begins;
  const [commit] = commits;
  if (begins.length > 1 || commits.length > 1) throw transactionControl("more than one BEGIN or COMMIT");
  if (commit === undefined) throw transactionControl("BEGIN without COMMIT");
  if (begin === undefined) throw transactionControl("COMMIT without BEGIN");
  if (commit < begin) throw transactionControl("COMMIT before BEGIN");
  return statements.filter((_, index) => index !== begin && index !== commit);
}

function transactionControl(what: string): Error {
  return new Error(
    `contains ${what}; dorm applies each migration file in a transaction of its own, so a file may not control transactions (one BEGIN … COMMIT pair around all of its statements is accepted and dropped)`,
  );
}
