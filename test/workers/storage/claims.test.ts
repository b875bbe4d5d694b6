import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FileConflictError, R2Storage } from "../../../src/files/index.ts";
import { claimKeyOf, CLAIM_REFRESH_MS, CLAIM_TTL_MS, tryClaim } from "../../../src/storage/claims.ts";
import { MIN_PART_SIZE } from "../../../src/storage/write-body.ts";
import { bytes, freshLocation, freshTenant } from "./helpers.ts";

const MINUTE = 60_000;

function storage() {
  return new R2Storage({ binding: env.BUCKET, location: freshLocation("claims") });
}

/** A clock the test moves by hand. */
function clock(start = Date.now()) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

/** A stream that sends `head`, then waits until `finish()` before sending `tail` and ending. */
function gatedStream(head: Uint8Array, tail: Uint8Array) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let step = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (step === 0) controller.enqueue(head);
      else if (step === 1) {
        await gate;
        controller.enqueue(tail);
      } else controller.close();
      step++;
    },
  });
  return { stream, finish: () => open() };
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("condition never held");
}

afterEach(() => {
  vi.useRealTimers();
});

describe("claims that expire", () => {
  it("expire in minutes, not a day", () => {
    expect(CLAIM_TTL_MS).toBeLessThanOrEqual(10 * MINUTE);
    // Several refreshes fit in one TTL, so a slow refresh never loses a live claim.
    expect(CLAIM_TTL_MS / CLAIM_REFRESH_MS).toBeGreaterThanOrEqual(3);
  });

  it("frees the claim of a killed save for a later save once stale (6 minutes on)", async () => {
    const files = storage();
    const key = files.keyOf("killed.txt");
    const time = clock();
    const killed = await tryClaim(env.BUCKET, key, time.now);
    expect(killed).not.toBeNull();
    killed!.unhold(); // the isolate died: its hold is gone, its marker stays
    time.advance(2 * MINUTE);
    expect(await tryClaim(env.BUCKET, key, time.now)).toBeNull(); // still fresh
    time.advance(4 * MINUTE);
    const later = await tryClaim(env.BUCKET, key, time.now);
    expect(later).not.toBeNull();
    expect(later!.key).toBe(key);
    // The killed save's marker is no longer its own: it could not complete a multipart upload.
    expect(await killed!.isOwned()).toBe(false);
    expect(await killed!.refresh()).toBe(false);
    later!.unhold();
  });

  it("frees a stale claim through save() too: the name, not name_1", async () => {
    const files = storage();
    const key = files.keyOf("stale.txt");
    const time = clock(Date.now() - 6 * MINUTE);
    (await tryClaim(env.BUCKET, key, time.now))!.unhold();
    expect(await files.save("stale.txt", "mine")).toBe("stale.txt");
  });

  it("keeps a live claim that refreshes: no takeover however long it runs", async () => {
    const key = storage().keyOf("live.txt");
    const time = clock();
    const live = (await tryClaim(env.BUCKET, key, time.now))!;
    live.unhold(); // the competitor below stands for another isolate
    for (let minute = 1; minute <= 30; minute++) {
      time.advance(MINUTE);
      expect(await live.refresh()).toBe(true);
      if (minute % 10 === 0) expect(await tryClaim(env.BUCKET, key, time.now)).toBeNull();
    }
    expect(await live.isOwned()).toBe(true);
    await live.release();
    expect(await env.BUCKET.head(await claimKeyOf(key))).toBeNull();
  });

  it("refreshes the marker of a save whose upload stalls, so no later save takes it over", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    const files = storage();
    const key = files.keyOf("slow.bin");
    const body = gatedStream(bytes(1000, 1), bytes(1000, 2));
    const saving = files.save("slow.bin", body.stream);
    await until(async () => (await env.BUCKET.head(await claimKeyOf(key))) !== null);
    const first = (await env.BUCKET.head(await claimKeyOf(key)))!.customMetadata!.claimedAt;
    for (let i = 0; i < 10; i++) {
      const before = (await env.BUCKET.head(await claimKeyOf(key)))!.etag;
      vi.advanceTimersByTime(CLAIM_REFRESH_MS);
      await until(async () => (await env.BUCKET.head(await claimKeyOf(key)))!.etag !== before);
    }
    // Ten minutes on (twice the TTL), the marker is fresh and another isolate's save moves on.
    const marker = (await env.BUCKET.head(await claimKeyOf(key)))!;
    expect(Number(marker.customMetadata!.claimedAt) - Number(first)).toBe(10 * CLAIM_REFRESH_MS);
    expect(await tryClaim(env.BUCKET_TWIN, key)).toBeNull();
    body.finish();
    expect(await saving).toBe("slow.bin");
    expect((await files.read("slow.bin")).byteLength).toBe(2000);
  });
});

describe("delete clears a claim", () => {
  it("clears the marker of a name with no file (answers false), so the name is free at once", async () => {
    const files = storage();
    const key = files.keyOf("left.txt");
    (await tryClaim(env.BUCKET, key))!.unhold();
    expect(await files.save("left.txt", "x")).toBe("left_1.txt"); // claimed, not yet stale
    expect(await files.delete("left.txt")).toBe(false);
    expect(await env.BUCKET.head(await claimKeyOf(key))).toBeNull();
    expect(await files.save("left.txt", "y")).toBe("left.txt");
  });

  it("DELETE /files/<name> in the demo clears a leftover marker and answers 404", async () => {
    const tenant = freshTenant("del");
    const stub = env.APP.get(env.APP.idFromName(tenant));
    const key = `tenants/${tenant}/orphan.txt`;
    (await tryClaim(env.BUCKET, key))!.unhold();
    const res = await stub.fetch("https://notes.example/files/orphan.txt", { method: "DELETE" });
    expect(res.status).toBe(404);
    expect((await res.json<{ error: string }>()).error).toBe("not_found");
    expect(await env.BUCKET.head(await claimKeyOf(key))).toBeNull();
    const put = await stub.fetch("https://notes.example/files/orphan.txt", { method: "PUT", body: "now", headers: { "content-length": "3" } });
    expect(await put.json()).toEqual({ name: "orphan.txt" });
  });

  it("makes a multipart save still running on the name fail (409) rather than overwrite a later save", async () => {
    const files = storage();
    const body = gatedStream(bytes(MIN_PART_SIZE + 1000, 3), bytes(1000, 4));
    const first = files.save("race.bin", body.stream).catch((e: unknown) => e);
    const key = files.keyOf("race.bin");
    await until(async () => (await env.BUCKET.head(await claimKeyOf(key))) !== null);
    // Another isolate (a second binding: its own in-process holds) deletes, then saves the name.
    const other = new R2Storage({ binding: env.BUCKET_TWIN, location: files.location });
    expect(await other.delete("race.bin")).toBe(false);
    expect(await other.save("race.bin", "second")).toBe("race.bin");
    body.finish();
    expect(await first).toBeInstanceOf(FileConflictError);
    expect(new TextDecoder().decode(await files.read("race.bin"))).toBe("second");
  });
});
