import { RESERVED_PREFIX } from "./names.ts";

/** Names directly under a directory, as Django's `Storage.listdir` returns them. */
export interface DirectoryListing {
  /** Subdirectory names (one segment each, no trailing `/`), in R2's (UTF-8 byte) order. */
  directories: string[];
  /** File names (one segment each), in R2's order. */
  files: string[];
}

/**
 * Lists the keys directly under `prefix`, following R2's cursor over every
 * page (R2 returns at most 1000 entries per call, and a page may hold only
 * directories, or nothing at all and still be truncated).
 */
export async function listDirectory(bucket: R2Bucket, prefix: string, pageSize: number): Promise<DirectoryListing> {
  const directories: string[] = [];
  const files: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, delimiter: "/", limit: pageSize, ...(cursor !== undefined && { cursor }) });
    for (const object of page.objects) files.push(object.key.slice(prefix.length));
    for (const dir of page.delimitedPrefixes) {
      // dorm's own claim markers live under `.dorm/` at the bucket root.
      if (prefix === "" && dir === RESERVED_PREFIX) continue;
      directories.push(dir.slice(prefix.length, -1));
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor !== undefined);
  return { directories: [...new Set(directories)], files };
}
