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
 * A marker stays while its file exists and is removed by `delete` (also when
 * no file exists, so a leftover marker can be cleared at once). A save that
 * dies between claim and write leaves a marker without a file: once it is
 * older than `CLAIM_TTL_MS`, another save may take it over (conditional on the
 * stale marker's etag, so only one does). A live save never goes stale: it
 * refreshes its marker every `CLAIM_REFRESH_MS` for as long as it runs (an
 * upload has no wall-clock limit while its client keeps sending, so no TTL
 * could outlast every upload), and checks that the marker is still its own
 * before completing a multipart upload, the one write R2 cannot make create-only.
 */

/** How often a save in progress rewrites its marker's `claimedAt`. */
export const CLAIM_REFRESH_MS = 60_000;
/**
 * A claim not refreshed for this long, with no file, was abandoned: five
 * missed refreshes, so a slow R2 write or a busy isolate never loses a live claim.
 */
export const CLAIM_TTL_MS = 5 * CLAIM_REFRESH_MS;
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
  /** Gives the name back after a failed write (deletes the marker, if still this save's). */
  release(): Promise<void>;
  /**
   * Rewrites the marker's `claimedAt`, conditional on it being this save's.
   * False once it is not (deleted, or taken over after going stale).
   */
  refresh(): Promise<boolean>;
  /** Whether the marker is still this save's (a HEAD). */
  isOwned(): Promise<boolean>;
}

/**
 * Holds `key` in this isolate, checks that no file exists there and wins its
 * claim marker. `null` when the name is taken or being saved by someone else.
 * `now` is the clock of `claimedAt` and of the staleness check (tests inject it).
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
    const marker = (await createMarker(bucket, claimKey, key, now)) ?? (await takeOverStale(bucket, claimKey, key, now));
    if (marker === null) {
      unhold();
      return null;
    }
    let etag = marker.etag;
    const isOwned = async () => (await bucket.head(claimKey))?.etag === etag;
    return {
      key,
      unhold,
      isOwned,
      async release() {
        if (await isOwned()) await bucket.delete(claimKey);
      },
      async refresh() {
        const next = await markerPut(bucket, claimKey, key, now, { etagMatches: etag });
        if (next !== null) etag = next.etag;
        return next !== null;
      },
    };
  } catch (error) {
    unhold();
    throw error;
  }
}

/**
 * Refreshes `claim` every `everyMs` until the returned function is called. A
 * refresh that fails (R2 busy or down) is retried at the next tick; whether
 * the marker is still this save's is asked of R2 itself (`isOwned`) where it matters.
 */
export function keepClaim(claim: NameClaim, everyMs: number = CLAIM_REFRESH_MS): () => void {
  const timer = setInterval(() => claim.refresh().catch(() => {}), everyMs);
  return () => clearInterval(timer);
}

// The marker's body is a fresh UUID, so every claim has its own etag (empty
// markers would all share MD5("") and the takeover below could not tell them apart).
function markerPut(bucket: R2Bucket, claimKey: string, key: string, now: () => number, onlyIf: R2Conditional) {
  return bucket.put(claimKey, crypto.randomUUID(), {
    onlyIf,
    customMetadata: { key, claimedAt: String(now()) },
  });
}

async function createMarker(bucket: R2Bucket, claimKey: string, key: string, now: () => number): Promise<R2Object | null> {
  try {
    return await markerPut(bucket, claimKey, key, now, { etagDoesNotMatch: "*" });
  } catch (error) {
    // Another writer is hammering this marker: it is theirs for now.
    if (isRateLimited(error)) return null;
    throw error;
  }
}

async function takeOverStale(bucket: R2Bucket, claimKey: string, key: string, now: () => number): Promise<R2Object | null> {
  const marker = await bucket.head(claimKey);
  if (marker === null) return null; // released meanwhile: count it as taken this round
  const claimedAt = Number(marker.customMetadata?.claimedAt ?? marker.uploaded.getTime());
  if (!(now() - claimedAt > CLAIM_TTL_MS)) return null;
  if ((await bucket.head(key)) !== null) return null; // its file exists after all
  try {
    return await markerPut(bucket, claimKey, key, now, { etagMatches: marker.etag });
  } catch (error) {
    if (isRateLimited(error)) return null;
    throw error;
  }
}
