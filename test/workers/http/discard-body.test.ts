import { describe, expect, it } from "vitest";
import { discardBody } from "../../../src/http/discard-body.ts";

function countingStream(chunks: number, size: number): { stream: ReadableStream<Uint8Array>; pulled(): number; cancelled(): boolean } {
  let pulled = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(size));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, pulled: () => pulled, cancelled: () => cancelled };
}

describe("discardBody", () => {
  it("reads a small body to its end without cancelling", async () => {
    const body = countingStream(10, 1024);
    await discardBody(body.stream);
    expect(body.pulled()).toBe(10);
    expect(body.cancelled()).toBe(false);
  });

  it("cancels once more than the limit has gone by", async () => {
    const body = countingStream(1000, 1024);
    await discardBody(body.stream, 16 * 1024);
    expect(body.cancelled()).toBe(true);
    expect(body.pulled()).toBeLessThan(40);
  });

  it("ignores null and locked bodies", async () => {
    await expect(discardBody(null)).resolves.toBeUndefined();
    const body = countingStream(3, 10);
    const reader = body.stream.getReader();
    await discardBody(body.stream);
    expect(body.pulled()).toBeLessThanOrEqual(1);
    reader.releaseLock();
  });
});
