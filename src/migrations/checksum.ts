import { checksumKey, filesInOrder } from "./ledger-state.ts";
import type { MigrationSet } from "./types.ts";

/**
 * SHA-256 of a migration file as lowercase hex, over its text with CRLF turned
 * into LF, so that a checkout with Windows line endings is not reported as an
 * edit. Async because the platform's SHA-256 (`crypto.subtle`) is.
 *
 * @example
 * ```ts
 * await migrationChecksum("CREATE TABLE t (x);\r\n") === await migrationChecksum("CREATE TABLE t (x);\n") // true
 * ```
 */
export async function migrationChecksum(sql: string): Promise<string> {
  const bytes = new TextEncoder().encode(sql.replaceAll("\r\n", "\n"));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Checksums of every file of a set, keyed by `checksumKey(kind, name)`. */
export async function setChecksums(set: MigrationSet): Promise<Map<string, string>> {
  const files = filesInOrder(set);
  const sums = await Promise.all(files.map(({ file }) => migrationChecksum(file.sql)));
  return new Map(files.map(({ kind, file }, index) => [checksumKey(kind, file.name), sums[index] ?? ""]));
}
