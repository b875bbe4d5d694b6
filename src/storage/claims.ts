import { RESERVED_PREFIX } from "./names.ts";

/**
 * Race-free allocation of a free name, in two layers (docs/files.md, "Race-free names").
 *
 * 1. In this isolate, keys being saved are held in a set per bucket binding.
 *    Check-and-add is synchronous and a Durable Object runs one event at a
 *    time, so concurrent saves in one object never try the same key: N saves
 *    of `a.txt` take `a.txt`, `a_1.txt` … without touching R2 for each other
 *    (R2 allows about one write per second to one key, and answers 429 past it).
 * 2. Across objects and isolates, R2 decides: a save owns a name once it has
 *    created the name's claim marker with a conditional put
 *    (`onlyIf: { etagDoesNotMatch: "*" }`), which at most one writer can do.
 *    Only the owner then writes the file. The marker lives at a key of its own
 *    (`.dorm/claims/<sha256 of the file key>`), so claim and file are single
 *    writes to two keys, and the body is never touched until the name is
 *    owned: a refused conditional put consumes its body, so the body must go
 *    out once, to a name already won.
 *
 * A marker stays while its file exists and is removed by `delete`. A save that
 * dies between claim and write leaves a marker without a file: after
 * `CLAIM_TTL_MS` another save may take it over (conditional on the stale
 * marker's etag, so only one does).
 */

/** A claim older than this with no file is considered abandoned. */
export const CLAIM_TTL_MS = 24 * 3600 * 1000;
/** Names tried (`a`, `a_1` … `a_999`) before a save gives up. */
export const MAX_ALTERNATIVES = 1000;

const CLAIM_PREFIX = `${RESERVED_PREFIX}claims/`;
const encoder = new TextEncoder();
const inFlight = new WeakMap<R2Bucket, Set<string>>();

function heldKeys(bucket: R2Bucket): Set<string> {
  let keys = inFlight.get(bucket);
  if (!keys) inFlight.set(bucket, (keys = new Set()));
  return keys;
}

/** The marker key of a file key: fixed length, so it fits R2's key limit. */
export async function claimKeyOf(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(key));
  return CLAIM_PREFIX + [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** R2's "reduce your concurrent request rate for the same object" (10058, HTTP 429). */
export function isRateLimited(error: unknown): boolean {
  return error instanceof Error && /\(10058\)/.test(error.message);
}

/** A name this save owns until it finishes. */
export interface NameClaim {
  readonly key: string;
  /** Ends the in-isolate hold; call once the save has settled either way. */
  unhold(): void;
  /** Gives the name back after a failed write (deletes the marker). */
  release(): Promise<void>;
}

/**
 * Holds `key` in this isolate, checks that no file exists there and wins its
 * claim marker. `null` when the name is taken or being saved by someone else.
 */
export async function tryClaim(bucket: R2Bucket, key: string, now: () => number = Date.now): Promise<NameClaim | null> {
  const held = heldKeys(bucket);
  if (held.has(key)) return null;
  held.add(key);
  const unhold = () => held.delete(key);
  try {
    // Cheap read first: most taken names are simply there.
    if ((await bucket.head(key)) !== null) {
      unhold();
      return null;
    }
    const claimKey = await claimKeyOf(key);
    const won = (await createMarker(bucket, claimKey, key, now)) || (await takeOverStale(bucket, claimKey, key, now));
    if (!won) {
      unhold();
      return null;
    }
    return {
      key,
      unhold,
      release: () => bucket.delete(claimKey),
    };
  } catch (error) {
    unhold();
    throw error;
  }
}

// The marker's body is a fresh UUID, so every claim has its own etag (empty
// markers would all share MD5("") and the takeover below could not tell them apart).
function markerPut(bucket: R2Bucket, claimKey: string, key: string, now: () => number, onlyIf: R2Conditional) {
  return bucket.put(claimKey, crypto.randomUUID(), {
    onlyIf,
    customMetadata: { key, claimedAt: String(now()) },
  });
}

async function createMarker(bucket: R2Bucket, claimKey: string, key: string, now: () => number): Promise<boolean> {
  try {
    return (await markerPut(bucket, claimKey, key, now, { etagDoesNotMatch: "*" })) !== null;
  } catch (error) {
    // Another writer is hammering this marker: it is theirs for now.
    if (isRateLimited(error)) return false;
    throw error;
  }
}

async function takeOverStale(bucket: R2Bucket, claimKey: string, key: string, now: () => number): Promise<boolean> {
  const marker = await bucket.head(claimKey);
  if (marker === null) return false; // released meanwhile: count it as taken this round
  const claimedAt = Number(marker.customMetadata?.claimedAt ?? marker.uploaded.getTime());
  if (!(now() - claimedAt > CLAIM_TTL_MS)) return false;
  if ((await bucket.head(key)) !== null) return false; // its file exists after all
  try {
    return (await markerPut(bucket, claimKey, key, now, { etagMatches: marker.etag })) !== null;
  } catch (error) {
    if (isRateLimited(error)) return false;
    throw error;
  }
}
