import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/index.ts";
import { migration, migrationChecksum } from "../../../src/migrations/index.ts";
import { sha256Hex } from "../../../src/migrations/sha256.ts";

async function subtleHex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

describe("sha256Hex", () => {
  it("agrees with the platform's SHA-256 around every padding boundary and on non-ASCII text", async () => {
    const samples = ["", "abc", "héllo ✓ 𝄞", "x".repeat(200_000)];
    for (let n = 50; n <= 130; n++) samples.push("a".repeat(n));
    for (const text of samples) expect(sha256Hex(text), `${text.length} chars`).toBe(await subtleHex(text));
  });
});

describe("migration(name, sql)", () => {
  it("compiles a file: its statements as SQLite splits them and the checksum of its text", () => {
    const sql = "-- Migration number: 0001\nCREATE TABLE a (x TEXT DEFAULT 'a;b');\n/* c */ CREATE INDEX a_x ON a (x);\n";
    const file = migration("0001_a.sql", sql);
    expect(file).toEqual({
      name: "0001_a.sql",
      checksum: migrationChecksum(sql),
      statements: ["CREATE TABLE a (x TEXT DEFAULT 'a;b')", "CREATE INDEX a_x ON a (x)"],
    });
    expect(Object.isFrozen(file) && Object.isFrozen(file.statements)).toBe(true);
  });

  it("drops one BEGIN … COMMIT pair around the file, as sqlite3 .dump writes it", () => {
    const dump = "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE d (x);\nINSERT INTO d VALUES (1);\nCOMMIT;\n";
    expect(migration("0001_dump.sql", dump).statements).toEqual([
      "PRAGMA foreign_keys=OFF",
      "CREATE TABLE d (x)",
      "INSERT INTO d VALUES (1)",
    ]);
  });

  it("checksums the text with CRLF read as LF, like the platform's SHA-256 of that text", async () => {
    const sql = "CREATE TABLE t (x);\r\n";
    expect(migrationChecksum(sql)).toBe(migrationChecksum("CREATE TABLE t (x);\n"));
    expect(migrationChecksum(sql)).toBe(await subtleHex("CREATE TABLE t (x);\n"));
  });

  it("refuses a name or text that is not a string, naming what is wrong", () => {
    expect(() => migration(1 as never, "")).toThrow(ConfigError);
    expect(() => migration("0001_a.sql", null as never)).toThrow(/^0001_a\.sql: the SQL text must be a string/);
  });
});
