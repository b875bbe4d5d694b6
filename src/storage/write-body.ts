import { drain } from "../http/discard-body.ts";
import { FileTooLargeError } from "./errors.ts";
import { PartBuffer } from "./part-buffer.ts";

/** What a save may store: bytes, text, a Blob, or a stream (of known or unknown length). */
export type FileBody = ReadableStream<Uint8Array> | ArrayBuffer | ArrayBufferView | string | Blob | null;

/** R2's smallest part (all but the last) and most parts of a multipart upload. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;

export interface WriteOptions {
  /** Exact length of a stream body, when known (e.g. from Content-Length). */
  readonly size?: number;
  /** Refuse the body with `FileTooLargeError` past this many bytes, counted as it streams. */
  readonly maxBytes?: number;
  readonly partSize: number;
  readonly httpMetadata: R2HTTPMetadata;
  /** Only create, never replace (`onlyIf: { etagDoesNotMatch: "*" }`) where R2 allows it. */
  readonly createOnly: boolean;
}

const encoder = new TextEncoder();

/**
 * Writes a body to `key` without buffering it: a body of known length goes out
 * in one `put` (a stream through a `FixedLengthStream`, which also enforces the
 * declared length); a stream of unknown length is counted chunk by chunk and
 * goes through a multipart upload, holding one part in memory at a time (a
 * body that fits one part is a single `put`). Resolves to `null` only when
 * `createOnly` and the key already exists (the body is then spent).
 */
export async function writeBody(
  bucket: R2Bucket,
  key: string,
  body: FileBody,
  options: WriteOptions,
): Promise<R2Object | null> {
  const known = knownLength(body, options.size);
  if (known === null) return writeStream(bucket, key, body as ReadableStream<Uint8Array>, options);
  if (options.maxBytes !== undefined && known.size > options.maxBytes) {
    throw new FileTooLargeError(options.maxBytes);
  }
  return put(bucket, key, known.value instanceof ReadableStream ? fixedLength(known.value, known.size) : known.value, options);
}

function put(bucket: R2Bucket, key: string, value: ReadableStream | ArrayBuffer | ArrayBufferView | Blob, options: WriteOptions) {
  return bucket.put(key, value, {
    httpMetadata: options.httpMetadata,
    ...(options.createOnly && { onlyIf: { etagDoesNotMatch: "*" } }),
  });
}

/**
 * The stream with its length declared, as `put` needs; a stream that ends
 * early or runs long fails the put. The pipe's own rejection is handled here:
 * the put reports the same failure.
 */
function fixedLength(stream: ReadableStream, size: number): ReadableStream {
  const fixed = new FixedLengthStream(size);
  stream.pipeTo(fixed.writable).catch(() => {});
  return fixed.readable;
}

type Known = { size: number; value: ReadableStream | ArrayBuffer | ArrayBufferView | Blob };

/** The body's length when it is known up front; `null` for a stream without `size`. */
function knownLength(body: FileBody, size: number | undefined): Known | null {
  if (body === null) return { size: 0, value: new Uint8Array(0) };
  if (typeof body === "string") {
    const bytes = encoder.encode(body);
    return { size: bytes.byteLength, value: bytes };
  }
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return { size: body.byteLength, value: body };
  if (body instanceof Blob) return { size: body.size, value: body };
  return size === undefined ? null : { size, value: body };
}

async function writeStream(
  bucket: R2Bucket,
  key: string,
  stream: ReadableStream<Uint8Array>,
  options: WriteOptions,
): Promise<R2Object | null> {
  const { partSize, maxBytes } = options;
  const reader = stream.getReader();
  const pending = new PartBuffer();
  const parts: R2UploadedPart[] = [];
  let upload: R2MultipartUpload | null = null;
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (maxBytes !== undefined && total > maxBytes) {
        // Read and drop the rest (bounded), so the edge can answer cleanly.
        await drain(reader);
        throw new FileTooLargeError(maxBytes);
      }
      pending.push(value);
      // Strictly more than a part: a body of exactly one part stays a single put.
      while (pending.size > partSize) {
        if (parts.length === MAX_PARTS - 1) throw new FileTooLargeError(partSize * MAX_PARTS);
        upload ??= await bucket.createMultipartUpload(key, { httpMetadata: options.httpMetadata });
        parts.push(await upload.uploadPart(parts.length + 1, pending.take(partSize)));
      }
    }
    if (upload === null) return await put(bucket, key, pending.take(pending.size), options);
    if (pending.size > 0) parts.push(await upload.uploadPart(parts.length + 1, pending.take(pending.size)));
    // Multipart completion has no create-only condition; the caller's name
    // claim is what keeps other dorm writers off this key.
    return await upload.complete(parts);
  } catch (error) {
    if (upload !== null) await upload.abort().catch(() => {});
    await reader.cancel().catch(() => {});
    throw error;
  }
}
