import { drain } from "../http/discard-body.ts";
import { FileDigestMismatchError, FileTooLargeError } from "./errors.ts";
import { PartBuffer } from "./part-buffer.ts";

/** What a save may store: bytes, text, a Blob, or a stream (of known or unknown length). */
export type FileBody = ReadableStream<Uint8Array> | ArrayBuffer | ArrayBufferView | string | Blob | null;

/**
 * How much of a refused upload (413, 411, 400) is read and dropped before
 * answering. Past `discardBody`'s 8 MiB the body would be cancelled while the
 * client is still sending: the connection is then reset, and the client sees
 * no answer at all instead of the refusal (measured under wrangler dev: a
 * 120 MiB upload over a 100 MiB limit, 9 of 10 resets, and workerd's "Can't
 * read from request stream after response has been sent" in the router).
 * Reading the rest first makes the answer arrive; the uploader is one the app
 * let in, so reading what it sends costs no more than the upload it meant.
 * The bound is the largest request body Cloudflare accepts on any plan
 * (500 MB, Enterprise); the platform cuts anything longer anyway.
 */
export const REFUSED_UPLOAD_DRAIN_BYTES = 512 * 1024 * 1024;

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
  /** The body's SHA-256 as declared by its sender: stored only when it matches. */
  readonly sha256?: Uint8Array;
  /** Runs before a multipart upload completes; throws to abort it instead. */
  readonly beforeComplete?: () => Promise<void>;
}

const encoder = new TextEncoder();

/**
 * Writes a body to `key` without buffering it: a body of known length goes out
 * in one `put` (a stream through a `FixedLengthStream`, which also enforces the
 * declared length); a stream of unknown length is counted chunk by chunk and
 * goes through a multipart upload, holding one part in memory at a time (a
 * body that fits one part is a single `put`). Resolves to `null` only when
 * `createOnly` and the key already exists (the body is then spent).
 *
 * With `sha256`, nothing is stored unless the body matches it
 * (`FileDigestMismatchError`): a single put hands it to R2, which checks it;
 * a multipart upload hashes the stream as it goes and completes only on a
 * match, else aborts. That is what tells a cut-off chunked upload, which some
 * front ends end cleanly, from a complete one.
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

async function put(
  bucket: R2Bucket,
  key: string,
  value: ReadableStream | ArrayBuffer | ArrayBufferView | Blob,
  options: WriteOptions,
  sha256: Uint8Array | null = options.sha256 ?? null,
) {
  try {
    return await bucket.put(key, value, {
      httpMetadata: options.httpMetadata,
      ...(options.createOnly && { onlyIf: { etagDoesNotMatch: "*" } }),
      ...(sha256 && { sha256: sha256.slice().buffer }),
    });
  } catch (error) {
    // R2's "The SHA-256 checksum you specified did not match what we received (10037)".
    if (sha256 && error instanceof Error && /\(10037\)/.test(error.message)) throw new FileDigestMismatchError();
    throw error;
  }
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
  const { partSize, maxBytes, sha256 } = options;
  const reader = stream.getReader();
  const pending = new PartBuffer();
  const parts: R2UploadedPart[] = [];
  const hash = sha256 ? new crypto.DigestStream("SHA-256") : null;
  const hashing = hash?.getWriter();
  let upload: R2MultipartUpload | null = null;
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (maxBytes !== undefined && total > maxBytes) {
        // Read and drop the rest, so the client is still listening when the
        // 413 goes out (see REFUSED_UPLOAD_DRAIN_BYTES).
        await drain(reader, REFUSED_UPLOAD_DRAIN_BYTES);
        throw new FileTooLargeError(maxBytes);
      }
      await hashing?.write(value);
      pending.push(value);
      // Strictly more than a part: a body of exactly one part stays a single put.
      while (pending.size > partSize) {
        if (parts.length === MAX_PARTS - 1) throw new FileTooLargeError(partSize * MAX_PARTS);
        upload ??= await bucket.createMultipartUpload(key, { httpMetadata: options.httpMetadata });
        parts.push(await upload.uploadPart(parts.length + 1, pending.take(partSize)));
      }
    }
    if (hash && hashing && sha256) {
      await hashing.close();
      if (!sameBytes(new Uint8Array(await hash.digest), sha256)) throw new FileDigestMismatchError();
    }
    if (upload === null) return await put(bucket, key, pending.take(pending.size), options, null); // hashed above
    if (pending.size > 0) parts.push(await upload.uploadPart(parts.length + 1, pending.take(pending.size)));
    // Multipart completion has no create-only condition; the caller's name
    // claim is what keeps other dorm writers off this key.
    await options.beforeComplete?.();
    return await upload.complete(parts);
  } catch (error) {
    if (upload !== null) await upload.abort().catch(() => {});
    await reader.cancel().catch(() => {});
    throw error;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
}
