/**
 * How much of an unwanted request body an edge reads and throws away before it
 * gives up and cancels the stream instead.
 */
export const DISCARD_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * Reads the rest of a body and drops it, up to `limit` bytes, then cancels.
 *
 * Why read at all: when dorm's router forwards a request, the runtime keeps
 * pumping the client's body into the object; if the object answers (413, 405,
 * 401 …) before that pump ends, workerd fails the router with "Can't read from
 * request stream after response has been sent" and wrangler dev restarts the
 * worker, turning the client's next request into a 503. Reading the rest first
 * lets the exchange end cleanly. Past `limit` we cancel: better one reset than
 * an object streaming gigabytes it will never keep.
 */
export async function discardBody(
  body: ReadableStream<Uint8Array> | null,
  limit: number = DISCARD_LIMIT_BYTES,
): Promise<void> {
  if (body === null || body.locked) return;
  await drain(body.getReader(), limit);
}

/** Same as `discardBody` for a reader already taken from the stream. */
export async function drain(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limit: number = DISCARD_LIMIT_BYTES,
): Promise<void> {
  let seen = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
      if (seen > limit) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // The client went away: nothing left to discard.
  }
}
