import { sha256Hex } from "./sha256.ts";

/**
 * SHA-256 of a migration file as lowercase hex, over its text with CRLF turned
 * into LF, so that a checkout with Windows line endings is not reported as an
 * edit. dorm records it when it applies the file and compares it later, to
 * report a file edited after it was applied.
 *
 * @example
 * ```ts
 * migrationChecksum("CREATE TABLE t (x);\r\n") === migrationChecksum("CREATE TABLE t (x);\n"); // true
 * ```
 */
export function migrationChecksum(sql: string): string {
  return sha256Hex(sql.replaceAll("\r\n", "\n"));
}
