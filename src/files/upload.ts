import { HttpError } from "../errors/http-error.ts";
import { FileTooLargeError } from "../storage/errors.ts";
import type { R2Storage } from "../storage/r2-storage.ts";

/** Options of {@link receiveUpload}. */
export interface UploadOptions {
  /** Largest body accepted, in bytes: 413 beyond it, with or without Content-Length. */
  readonly maxBytes: number;
  /** Cache-Control stored with the file (what a public bucket would serve). */
  readonly cacheControl?: string;
}

/**
 * Streams a PUT body into storage under `name` and resolves to the name used
 * (maybe suffixed). The name is checked before any byte is read; a declared
 * Content-Length over the limit is refused at once, an undeclared length is
 * counted as it streams (multipart, one part in memory). The content type is
 * the request's when it is a valid media type, else guessed from the name.
 *
 * @example
 * ```ts
 * const name = await receiveUpload(request, ctx.files, "docs/a.pdf", { maxBytes: 100 << 20 });
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
  files.keyOf(name);
  if (request.headers.has("content-range")) {
    // RFC 9110 §14.5: a server without partial PUT must refuse it, not store a fragment.
    throw new HttpError(400, "partial_put_unsupported", "Content-Range is not supported on PUT");
  }
  const size = declaredLength(request.headers);
  if (size !== undefined && size > options.maxBytes) throw new FileTooLargeError(options.maxBytes);
  const contentType = request.headers.get("content-type");
  return files.save(name, request.body, {
    maxBytes: options.maxBytes,
    ...(size !== undefined && { size }),
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
