import { describe, expect, it } from "vitest";
import { splitStatements } from "../../../src/migrations/index.ts";
import { migrationStatements } from "../../../src/migrations/migration-statements.ts";

describe("splitStatements", () => {
  it.each<[string, string, string[]]>([
    ["one statement, no semicolon", "SELECT 1", ["SELECT 1"]],
    ["trailing semicolons and blank statements", "SELECT 1;;\n ; SELECT 2;\n\n", ["SELECT 1", "SELECT 2"]],
    ["empty text", "", []],
    ["only comments", "-- a\n/* b; */\n-- c;", []],
    ["leading comments are dropped", "-- header; with semicolon\nSELECT 1;", ["SELECT 1"]],
    ["a comment after the last statement", "SELECT 1; -- done;", ["SELECT 1"]],
    ["line comment inside a statement", "SELECT 1 -- one; two\n, 2;", ["SELECT 1 -- one; two\n, 2"]],
    ["block comment inside a statement", "SELECT /* ; */ 1; SELECT 2", ["SELECT /* ; */ 1", "SELECT 2"]],
    ["unterminated block comment runs to the end", "SELECT 1; /* open ; SELECT 2", ["SELECT 1"]],
    ["string with ; and --", "INSERT INTO t VALUES ('a;b -- c');", ["INSERT INTO t VALUES ('a;b -- c')"]],
    ["doubled quote inside a string", "SELECT 'it''s; fine'; SELECT 2", ["SELECT 'it''s; fine'", "SELECT 2"]],
    ["double-quoted identifier", 'CREATE TABLE "a;b" (x); SELECT 1', ['CREATE TABLE "a;b" (x)', "SELECT 1"]],
    ["backquoted identifier", "SELECT `a;b` FROM t; SELECT 2", ["SELECT `a;b` FROM t", "SELECT 2"]],
    ["bracketed identifier", "SELECT [a;b] FROM t; SELECT 2", ["SELECT [a;b] FROM t", "SELECT 2"]],
    ["unterminated string is left to the engine", "SELECT 'open; SELECT 2", ["SELECT 'open; SELECT 2"]],
    ["CRLF line ends", "SELECT 1;\r\n-- c\r\nSELECT 2;\r\n", ["SELECT 1", "SELECT 2"]],
    [
      "a trigger body's semicolons, CASE … END included",
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET y = CASE WHEN 1 THEN 'a' END; DELETE FROM u; END; SELECT 1",
      [
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET y = CASE WHEN 1 THEN 'a' END; DELETE FROM u; END",
        "SELECT 1",
      ],
    ],
    [
      "a TEMP trigger with comments between `;` and END",
      "create temporary trigger tr after delete on t begin delete from u; -- c;\n /* d; */ end ; select 1",
      ["create temporary trigger tr after delete on t begin delete from u; -- c;\n /* d; */ end", "select 1"],
    ],
    [
      "END that is not a trigger's does not confuse the split",
      "SELECT CASE WHEN 1 THEN 2 END; CREATE TABLE \"end\" (x); SELECT 3",
      ["SELECT CASE WHEN 1 THEN 2 END", 'CREATE TABLE "end" (x)', "SELECT 3"],
    ],
    ["CREATE followed by something other than TRIGGER", "CREATE TEMP TABLE t (x); SELECT 1", ["CREATE TEMP TABLE t (x)", "SELECT 1"]],
    ["words that are Object prototype members", "SELECT constructor FROM toString; SELECT 1", ["SELECT constructor FROM toString", "SELECT 1"]],
  ])("%s", (_name, sql, expected) => {
    expect(splitStatements(sql)).toEqual(expected);
  });
});

describe("migrationStatements", () => {
  it("drops one BEGIN … COMMIT/END pair, in any of SQLite's spellings", () => {
    expect(migrationStatements("BEGIN TRANSACTION; CREATE TABLE t (x); COMMIT;")).toEqual(["CREATE TABLE t (x)"]);
    expect(migrationStatements("begin immediate; CREATE TABLE t (x); end transaction")).toEqual(["CREATE TABLE t (x)"]);
    expect(migrationStatements("PRAGMA foreign_keys=OFF;\nBEGIN;\nCREATE TABLE t (x);\nCOMMIT;")).toEqual([
      "PRAGMA foreign_keys=OFF",
      "CREATE TABLE t (x)",
    ]);
  });

  it("keeps a trigger's BEGIN … END, which is not transaction control", () => {
    const trigger = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM u; END";
    expect(migrationStatements(`${trigger};`)).toEqual([trigger]);
  });

  it.each([
    ["ROLLBACK", "CREATE TABLE t (x); ROLLBACK"],
    ["SAVEPOINT", "SAVEPOINT a; CREATE TABLE t (x)"],
    ["RELEASE", "CREATE TABLE t (x); RELEASE a"],
    ["BEGIN without COMMIT", "BEGIN; CREATE TABLE t (x)"],
    ["COMMIT without BEGIN", "CREATE TABLE t (x); COMMIT"],
    ["COMMIT before BEGIN", "COMMIT; CREATE TABLE t (x); BEGIN"],
    ["more than one BEGIN or COMMIT", "BEGIN; COMMIT; BEGIN; COMMIT"],
  ])("refuses %s", (what, sql) => {
    expect(() => migrationStatements(sql)).toThrow(`contains ${what};`);
  });
});
