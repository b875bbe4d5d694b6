/** What the conditional headers decide before a file is served. */
export type PreconditionOutcome = "proceed" | "not-modified" | "failed";

/** The validators of the stored file. */
export interface Validators {
  /** R2's quoted `httpEtag`. */
  readonly etag: string;
  readonly lastModified: Date;
}

const ENTITY_TAG = /(?:W\/)?"[^"]*"|\*/g;

function tags(header: string): string[] {
  return header.match(ENTITY_TAG) ?? [];
}

function opaque(tag: string): string {
  return tag.startsWith("W/") ? tag.slice(2) : tag;
}

/** Strong comparison (If-Match, If-Range): both tags strong and equal. */
export function strongMatch(tag: string, etag: string): boolean {
  return !tag.startsWith("W/") && !etag.startsWith("W/") && tag === etag;
}

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** An HTTP-date in seconds, or null when absent or unparseable (then ignored, per RFC 9110). */
export function httpDateSeconds(value: string | null): number | null {
  if (value === null) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : Math.floor(time / 1000);
}

/**
 * RFC 9110 §13.2.2 for GET and HEAD of an existing file: If-Match (strong),
 * else If-Unmodified-Since, may fail (412); then If-None-Match (weak), else
 * If-Modified-Since, may answer 304. Dates compare at whole seconds, as
 * Last-Modified carries them.
 */
export function evaluatePreconditions(headers: Headers, file: Validators): PreconditionOutcome {
  const ifMatch = headers.get("if-match");
  if (ifMatch !== null) {
    const list = tags(ifMatch);
    if (!list.some((tag) => tag === "*" || strongMatch(tag, file.etag))) return "failed";
  } else {
    const since = httpDateSeconds(headers.get("if-unmodified-since"));
    if (since !== null && seconds(file.lastModified) > since) return "failed";
  }
  const ifNoneMatch = headers.get("if-none-match");
  if (ifNoneMatch !== null) {
    const list = tags(ifNoneMatch);
    if (list.some((tag) => tag === "*" || opaque(tag) === opaque(file.etag))) return "not-modified";
  } else {
    const since = httpDateSeconds(headers.get("if-modified-since"));
    if (since !== null && seconds(file.lastModified) <= since) return "not-modified";
  }
  return "proceed";
}

/**
 * If-Range: the Range applies only while the file is still the one the client
 * saw (a strong etag match, or exactly its Last-Modified second).
 */
export function ifRangeHolds(headers: Headers, file: Validators): boolean {
  const value = headers.get("if-range");
  if (value === null) return true;
  const trimmed = value.trim();
  if (trimmed.startsWith('"') || trimmed.startsWith("W/")) return strongMatch(trimmed, file.etag);
  const date = httpDateSeconds(trimmed);
  return date !== null && date === seconds(file.lastModified);
}
