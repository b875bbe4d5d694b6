import { HttpError } from "../errors/http-error.ts";
import { FileNotFoundError } from "../storage/errors.ts";
import type { R2Storage } from "../storage/r2-storage.ts";
import { cacheControlPolicy } from "./cache-control.ts";
import type { CacheOptions } from "./cache-control.ts";
import { fileHeaders, notModifiedHeaders } from "./file-headers.ts";
import { evaluatePreconditions, ifRangeHolds } from "./preconditions.ts";
import { resolveRange } from "./range.ts";

/** Options of {@link serveFile}. */
export type ServeFileOptions = CacheOptions;

// A file replaced between our HEAD and GET is looked at again, this often.
const ATTEMPTS = 3;

/**
 * The file proxy for GET and HEAD: ETag, Last-Modified, Content-Type,
 * Content-Length, Accept-Ranges; every answer sandboxed by its CSP, and a
 * download (`Content-Disposition: attachment`) unless its type is one a
 * browser only displays (raster images, audio, video, plain text, JSON);
 * 304 for a matching If-None-Match or an unchanged If-Modified-Since, 412
 * when If-Match or If-Unmodified-Since fails;
 * a single Range (also suffix and open-ended) → 206 with Content-Range, an
 * unsatisfiable one → 416. The body streams straight from R2. Errors are
 * thrown as `HttpError`s (404, 412, 416, 400 for a bad name) for the edge.
 *
 * @example
 * ```ts
 * router.get("/files/*", (request, { files }) => serveFile(request, files, nameFrom(request)));
 * ```
 */
export async function serveFile(
  request: Request,
  files: R2Storage,
  name: string,
  options: ServeFileOptions = {},
): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    throw new HttpError(405, "method_not_allowed", `${request.method} is not allowed here`, {
      headers: { allow: "GET, HEAD" },
    });
  }
  const cacheControl = cacheControlPolicy(options);
  const key = files.keyOf(name);
  const { bucket } = files;

  if (request.method === "GET" && request.headers.get("range") === null) {
    // The common case in one R2 call: preconditions are checked on the
    // object's metadata and an unwanted body is cancelled unread.
    const object = await bucket.get(key);
    if (object === null) throw new FileNotFoundError(name);
    const early = preconditionResponse(request, object, name, cacheControl(object.httpMetadata?.cacheControl));
    if (early) {
      await object.body.cancel();
      return early;
    }
    return respond(object, name, cacheControl, object.body, 200, object.size);
  }

  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const meta = await bucket.head(key);
    if (meta === null) throw new FileNotFoundError(name);
    const early = preconditionResponse(request, meta, name, cacheControl(meta.httpMetadata?.cacheControl));
    if (early) return early;
    if (request.method === "HEAD") return respond(meta, name, cacheControl, null, 200, meta.size);

    const range = ifRangeHolds(request.headers, fileValidators(meta))
      ? resolveRange(request.headers.get("range"), meta.size)
      : ({ kind: "full" } as const);
    if (range.kind === "unsatisfiable") {
      throw new HttpError(416, "range_not_satisfiable", `the file has ${meta.size} bytes`, {
        headers: { "content-range": `bytes */${meta.size}` },
      });
    }
    // Only the version whose size the range was resolved against will do.
    const object = await bucket.get(key, {
      onlyIf: { etagMatches: meta.etag },
      ...(range.kind === "partial" && { range: { offset: range.offset, length: range.length } }),
    });
    if (object === null) throw new FileNotFoundError(name);
    if (!("body" in object)) continue; // replaced meanwhile: look again
    if (range.kind === "full") return respond(object, name, cacheControl, object.body, 200, object.size);
    const response = respond(object, name, cacheControl, object.body, 206, range.length);
    response.headers.set("content-range", `bytes ${range.offset}-${range.offset + range.length - 1}/${meta.size}`);
    return response;
  }
  throw new HttpError(503, "file_changing", "the file kept changing while it was read; retry", {
    headers: { "retry-after": "1" },
  });
}

function fileValidators(object: R2Object) {
  return { etag: object.httpEtag, lastModified: object.uploaded };
}

function preconditionResponse(request: Request, object: R2Object, name: string, cacheControl: string): Response | null {
  const outcome = evaluatePreconditions(request.headers, fileValidators(object));
  if (outcome === "not-modified") {
    return new Response(null, { status: 304, headers: notModifiedHeaders(object, name, cacheControl) });
  }
  if (outcome === "failed") {
    throw new HttpError(412, "precondition_failed", "the file does not match the request's preconditions", {
      headers: { etag: object.httpEtag },
    });
  }
  return null;
}

function respond(
  object: R2Object,
  name: string,
  cacheControl: (stored: string | undefined) => string,
  body: ReadableStream | null,
  status: number,
  length: number,
): Response {
  const headers = fileHeaders(object, name, cacheControl(object.httpMetadata?.cacheControl));
  headers.set("content-length", String(length));
  return new Response(body, { status, headers });
}
