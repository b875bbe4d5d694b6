import { HttpError } from "../errors/http-error.ts";

/**
 * Quotes a name for a message, shortened, with control and format characters
 * (bidi overrides, zero-width marks) escaped, so a message reads as it is.
 */
export function quoteName(name: string): string {
  const shown = name.length > 80 ? `${name.slice(0, 80)}…` : name;
  return JSON.stringify(shown).replace(
    /[\u007f-\u009f\p{Cf}]/gu,
    (char) => `\\u${char.codePointAt(0)!.toString(16).padStart(4, "0")}`,
  );
}

/**
 * A file name that dorm refuses (`..` segment, leading `/`, backslash, control
 * character, empty, too long …). An `HttpError`, so the edge answers 400
 * `invalid_name` without the app having to catch it.
 */
export class InvalidFileNameError extends HttpError {
  override name = "InvalidFileNameError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(400, "invalid_name", message, options);
  }
}

/** No file by that name: 404 `not_found` at the edge. */
export class FileNotFoundError extends HttpError {
  override name = "FileNotFoundError";
  readonly fileName: string;

  constructor(name: string) {
    super(404, "not_found", `no file named ${quoteName(name)}`);
    this.fileName = name;
  }
}

/** A body past the size limit, counted while it streamed: 413 `payload_too_large`. */
export class FileTooLargeError extends HttpError {
  override name = "FileTooLargeError";
  readonly limit: number;

  constructor(limit: number) {
    super(413, "payload_too_large", `the file exceeds the limit of ${limit} bytes`);
    this.limit = limit;
  }
}

/**
 * A save found no name to take: its claimed name was created meanwhile by a
 * writer that does not take dorm's claims (an overwriting save, another tool;
 * the body stream is then spent, so the save cannot move on to the next name),
 * or every alternative up to the limit is taken. 409 `conflict`; a client may retry.
 */
export class FileConflictError extends HttpError {
  override name = "FileConflictError";
  constructor(message: string) {
    super(409, "conflict", message);
  }
}

/**
 * The body's SHA-256 is not the one the writer declared (e.g. a cut-off or
 * corrupted upload): nothing was stored and the name was freed. 400 `digest_mismatch`.
 */
export class FileDigestMismatchError extends HttpError {
  override name = "FileDigestMismatchError";
  constructor() {
    super(400, "digest_mismatch", "the body does not match its SHA-256 digest");
  }
}
