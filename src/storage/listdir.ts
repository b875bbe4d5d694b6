import { HttpError } from "../errors/http-error.ts";
import { MAX_KEY_BYTES, RESERVED_PREFIX } from "./names.ts";

/** One page of the names directly under a directory (Django's `Storage.listdir`, paged). */
export interface DirectoryListing {
  /** Subdirectory names (one segment each, no trailing `/`), in R2's (UTF-8 byte) order. */
  directories: string[];
  /** File names (one segment each), in R2's order. */
  files: string[];
  /** Pass it back as `cursor` for the next page (it is the page's last name); `null` after the last page. */
  cursor: string | null;
}

/** Options of `R2Storage.listdir`. */
export interface ListdirOptions {
  /** Most entries (directories and files together) in the page: 1–1000, default 1000. */
  readonly limit?: number;
  /** The `cursor` of the previous page. */
  readonly cursor?: string;
}

/** Largest (and default) page of `listdir`: what one R2 list call returns at most. */
export const MAX_LIST_LIMIT = 1000;

/**
 * Lists up to `limit` entries directly under `prefix`, after the one `cursor`
 * names. Follows R2's pages while the page is not full (a page may hold only
 * directories, or nothing and still be truncated) and keeps R2's order.
 */
export async function listDirectory(
  bucket: R2Bucket,
  prefix: string,
  pageSize: number,
  options: ListdirOptions,
): Promise<DirectoryListing> {
  const limit = options.limit === undefined ? MAX_LIST_LIMIT : options.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new RangeError(`listdir: limit must be a whole number from 1 to ${MAX_LIST_LIMIT}`);
  }
  let last = options.cursor === undefined ? null : prefix + checkCursor(options.cursor);
  const listing: DirectoryListing = { directories: [], files: [], cursor: null };
  let count = 0;
  let r2Cursor: string | undefined;
  for (;;) {
    const page = await bucket.list({
      prefix,
      delimiter: "/",
      limit: Math.min(pageSize, limit - count + 1),
      ...(r2Cursor !== undefined ? { cursor: r2Cursor } : last !== null && { startAfter: last }),
    });
    const keys = [...page.objects.map((object) => object.key), ...page.delimitedPrefixes].sort(byCodePoint);
    for (const key of keys) {
      // Skipped: what is not after the last entry taken (a directory repeated
      // across pages), a "directory marker" object named like the prefix, and
      // dorm's claims at the bucket root.
      if ((last !== null && byCodePoint(key, last) <= 0) || key === prefix || (prefix === "" && key === RESERVED_PREFIX)) continue;
      if (count === limit) return { ...listing, cursor: last!.slice(prefix.length) };
      const name = key.slice(prefix.length);
      if (name.endsWith("/")) listing.directories.push(name.slice(0, -1));
      else listing.files.push(name);
      last = key;
      count++;
    }
    if (!page.truncated) return listing;
    if (count === limit) return { ...listing, cursor: last!.slice(prefix.length) };
    r2Cursor = page.cursor;
  }
}

// R2 orders keys by their UTF-8 bytes, which is code point order; JavaScript's
// `<` compares UTF-16 units, which differs above U+FFFF.
function byCodePoint(a: string, b: string): number {
  for (let i = 0; ; ) {
    const x = a.codePointAt(i);
    const y = b.codePointAt(i);
    if (x === undefined || y === undefined) return (x ?? -1) - (y ?? -1);
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
  }
}

// A page's cursor is its last entry's name (a directory's with its "/"), not
// R2's cursor: R2's cannot be cut inside a page, and resuming with startAfter
// past that name lists no entry twice. It only positions a listing inside its
// prefix, so a forged one can skip entries but never reach other keys.
function checkCursor(cursor: unknown): string {
  if (typeof cursor !== "string" || cursor.length > MAX_KEY_BYTES || !/^[^/]+\/?$/.test(cursor)) {
    throw new HttpError(400, "invalid_cursor", "the cursor is not one that listdir returned");
  }
  return cursor;
}
