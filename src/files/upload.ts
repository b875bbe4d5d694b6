import { HttpError } from "../errors/http-error.ts";
import { discardBody } from "../http/discard-body.ts";
import { FileTooLargeError } from "../storage/errors.ts";
import type { R2Storage } from "../storage/r2-storage.ts";
import { REFUSED_UPLOAD_DRAIN_BYTES } from "../storage/write-body.ts";
import { contentDigestSha256 } from "./content-digest.ts";

/** Options of {@link receiveUpload}. */
export interface UploadOptions {
  /** Largest body accepted, in bytes: 413 beyond it, with or without Content-Length. */
  readonly maxBytes: number;
  /** Cache-Control stored with the file (what a public bucket would serve). */
  readonly cacheControl?: string;
  /**
   * Refuse an upload that declares neither Content-Length nor a sha-256
   * Content-Digest, with 411 `length_required` (nothing stored): without
   * either, a chunked body cut off by its client can look complete (some
   * front ends, wrangler dev among them, end it cleanly). Default `false`.
   */
  readonly requireIntegrity?: boolean;
}

/**
 * Streams a PUT body into storage under `name` and resolves to the name used
 * (maybe suffixed). Name and headers are checked before any byte is stored;
 * a declared Content-Length over the limit is refused (413), an undeclared
 * length is counted as it streams (multipart, one part in memory). A refused
 * body is read to its end (bounded) before the refusal goes out, so the
 * client is still listening for it. A
 * `Content-Digest: sha-256=:…:` (RFC 9530) is verified: a body that does not
 * match is not stored (400 `digest_mismatch`). The content type is the
 * request's when it is a valid media type, else guessed from the name.
 *
 * @example
 * ```ts
 * const name = await receiveUpload(request, ctx.files, "docs/a.pdf", { maxBytes: 100 << 20, requireIntegrity: true });
 * ```
 */
export async function receiveUpload(
  request: Request,
  files: R2Storage,
  name: string,
  options: UploadOptions,
): Promise<string> {
  if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes < 0) {
    throw new RangeError("receiveUpload: maxBytes must be a whole number of bytes");
  }
  let size: number | undefined;
  let sha256: Uint8Array | null;
  try {
    files.keyOf(name);
    if (request.headers.has("content-range")) {
      // RFC 9110 §14.5: a server without partial PUT must refuse it, not store a fragment.
      throw new HttpError(400, "partial_put_unsupported", "Content-Range is not supported on PUT");
    }
    size = declaredLength(request.headers) ?? (request.body === null ? 0 : undefined);
    sha256 = contentDigestSha256(request.headers);
    if (options.requireIntegrity && size === undefined && sha256 === null) {
      throw new HttpError(411, "length_required", "send Content-Length or Content-Digest: sha-256=:<base64>: with the upload", {
        headers: { "want-content-digest": "sha-256=10" },
      });
    }
    if (size !== undefined && size > options.maxBytes) throw new FileTooLargeError(options.maxBytes);
  } catch (error) {
    // Read the refused body first, so the client is still listening for the answer.
    await discardBody(request.body, REFUSED_UPLOAD_DRAIN_BYTES);
    throw error;
  }
  const contentType = request.headers.get("content-type");
  return files.save(name, request.body, {
    maxBytes: options.maxBytes,
    ...(size !== undefined && { size }),
    ...(sha256 !== null && { sha256 }),
    ...(contentType !== null && { contentType }),
    ...(options.cacheControl !== undefined && { cacheControl: options.cacheControl }),
  });
}

function declaredLength(headers: Headers): number | undefined {
  const value = headers.get("content-length");
  if (value === null) return undefined;
  if (!/^[0-9]{1,16}$/.test(value.trim())) {
    throw new HttpError(400, "invalid_content_length", "Content-Length must be a number of bytes");
  }
  return Number(value.trim());
}
