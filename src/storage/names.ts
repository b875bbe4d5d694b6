import { ConfigError } from "../errors/config-error.ts";
import { InvalidFileNameError, quoteName } from "./errors.ts";

/** R2's limit on a key, in UTF-8 bytes; the location prefix counts. */
export const MAX_KEY_BYTES = 1024;

/**
 * Keys under this prefix belong to dorm itself (the name claims of
 * `claims.ts`). No file name or location may reach them.
 */
export const RESERVED_PREFIX = ".dorm/";

// C0 controls (NUL included), DEL and the C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// A lone surrogate would become U+FFFD in UTF-8, so two names would share a key.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Bidirectional controls (embeddings, overrides, isolates, marks) reorder how
// a name is displayed: `invoice\u202Efdp.exe` shows as `invoiceexe.pdf`.
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const encoder = new TextEncoder();

/** Why `name` is not a safe relative name, or `null` when it is. */
function nameProblem(name: unknown): string | null {
  if (typeof name !== "string") return "must be a string";
  if (name.length === 0) return "must not be empty";
  if (name.startsWith("/")) return "must not start with /";
  if (name.includes("\\")) return "must not contain a backslash";
  if (CONTROL.test(name)) return "must not contain control characters";
  if (LONE_SURROGATE.test(name)) return "must be well-formed Unicode";
  if (BIDI_CONTROL.test(name)) return "must not contain bidirectional control characters";
  for (const segment of name.split("/")) {
    if (segment === "..") return "must not contain a .. segment";
    if (segment === ".") return "must not contain a . segment";
    if (segment === "") return "must not contain an empty segment (// or a trailing /)";
  }
  return null;
}

// NFC, so a name typed on one system and its decomposed twin from another
// (macOS file names are NFD) are one file, not two keys that look alike.
function nfc(value: unknown): unknown {
  return typeof value === "string" ? value.normalize("NFC") : value;
}

/**
 * Checks a file name relative to the storage's location and returns it in
 * Unicode NFC. Refused: non-strings, empty names, a leading `/`, backslashes,
 * control characters (NUL included), bidirectional controls, lone surrogates,
 * and `..`, `.` or empty segments, so no name can resolve outside the location.
 *
 * @example
 * ```ts
 * validateName("reports/2024.pdf"); // "reports/2024.pdf"
 * validateName("Cafe\u0301.txt");   // "Caf\u00e9.txt" (NFC)
 * validateName("../etc/passwd");    // throws InvalidFileNameError
 * ```
 */
export function validateName(name: unknown): string {
  const normalized = nfc(name);
  const problem = nameProblem(normalized);
  if (problem !== null) {
    const shown = typeof normalized === "string" ? quoteName(normalized) : String(typeof name);
    throw new InvalidFileNameError(`file name ${shown} ${problem}`);
  }
  return normalized as string;
}

/**
 * The R2 key of `name` (in NFC) under `location`, checked: a valid name, at
 * most 1024 UTF-8 bytes together with the prefix, never under dorm's reserved
 * prefix. Messages quote the name only: the location is the storage's layout
 * (e.g. another tenant's prefix), not the caller's business.
 */
export function keyFor(location: string, name: unknown): string {
  const valid = validateName(name);
  const key = location + valid;
  if (encoder.encode(key).byteLength > MAX_KEY_BYTES) {
    throw new InvalidFileNameError(
      `file name ${quoteName(valid)} is longer than ${MAX_KEY_BYTES} bytes with its location prefix`,
    );
  }
  if (key.startsWith(RESERVED_PREFIX)) {
    throw new InvalidFileNameError(`names under ${RESERVED_PREFIX} are reserved for dorm`);
  }
  return key;
}

/**
 * A storage location as a key prefix: `""` (the bucket root) or segments
 * ending in `/` (`"tenants/acme"` → `"tenants/acme/"`). Checked like a name.
 */
export function normalizeLocation(location: unknown): string {
  if (location === undefined || location === "") return "";
  const trimmed = typeof location === "string" ? location.normalize("NFC").replace(/\/+$/, "") : location;
  const problem = nameProblem(trimmed);
  if (problem !== null) throw new ConfigError("location", problem);
  const prefix = `${trimmed as string}/`;
  if (prefix.startsWith(RESERVED_PREFIX)) {
    throw new ConfigError("location", `must not be under ${RESERVED_PREFIX}, which dorm reserves`);
  }
  if (encoder.encode(prefix).byteLength >= MAX_KEY_BYTES) {
    throw new ConfigError("location", `leaves no room for names within ${MAX_KEY_BYTES} bytes`);
  }
  return prefix;
}

/**
 * Splits a name into what comes before its whole extension and the extension,
 * as Django does with all of pathlib's suffixes: `a/b.tar.gz` → `["a/b", ".tar.gz"]`.
 * Leading dots belong to the stem (`.env` has no extension), as does a name
 * ending in a dot.
 */
export function splitExtension(name: string): [stem: string, extension: string] {
  const slash = name.lastIndexOf("/");
  const base = name.slice(slash + 1);
  let start = 0;
  while (base[start] === ".") start++;
  const dot = base.indexOf(".", start);
  if (dot === -1 || base.endsWith(".")) return [name, ""];
  const cut = slash + 1 + dot;
  return [name.slice(0, cut), name.slice(cut)];
}

/**
 * The `n`th alternative of a taken name: `_n` before the whole extension.
 *
 * @example
 * ```ts
 * alternativeName("a.tar.gz", 1); // "a_1.tar.gz"
 * alternativeName("docs/readme", 2); // "docs/readme_2"
 * ```
 */
export function alternativeName(name: string, n: number): string {
  if (n === 0) return name;
  const [stem, extension] = splitExtension(name);
  return `${stem}_${n}${extension}`;
}

/** Percent-encodes each segment of a key or name for a URL path, keeping the `/`s. */
export function encodePath(name: string): string {
  return name.split("/").map(encodeURIComponent).join("/");
}

/**
 * The percent-decoded file name in a URL path after `prefix`. `..%2f` decodes
 * to `../` here and is then refused by `validateName`, like any bad name.
 */
export function nameFromPath(pathname: string, prefix: string): string {
  const rest = pathname.slice(prefix.length);
  try {
    return decodeURIComponent(rest);
  } catch (cause) {
    throw new InvalidFileNameError("the file path is not valid percent-encoded UTF-8", { cause });
  }
}
