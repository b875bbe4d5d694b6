import { env } from "cloudflare:workers";

let counter = 0;

/** A location (key prefix) no other test uses. */
export function freshLocation(prefix = "t"): string {
  return `tests/${prefix}-${Date.now().toString(36)}-${counter++}/`;
}

/** A tenant (shard) name no other test uses; valid for the demo's pattern. */
export function freshTenant(prefix = "f"): string {
  return `${prefix}-${Date.now().toString(36)}-${counter++}`;
}

/** The demo's object for one tenant, fetched directly (what the router forwards to). */
export function tenant(name = freshTenant()) {
  const stub = env.APP.get(env.APP.idFromName(name));
  const call = (path: string, init?: RequestInit) => stub.fetch(`https://notes.example${path}`, init);
  const put = async (path: string, body: BodyInit | null, headers: HeadersInit = {}) =>
    call(path, { method: "PUT", body, headers });
  return { name, call, put };
}

/** The `error` code of a JSON error answer. */
export async function errorOf(response: Response): Promise<string> {
  return (await response.json<{ error: string }>()).error;
}

export { pseudoRandomBytes as bytes } from "../../shared/pseudo-random-bytes.ts";

/** A stream of `data` in `chunk`-sized pieces with no known length (like a chunked upload). */
export function streamOf(data: Uint8Array, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= data.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(data.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Hooks a test can put around a real bucket's calls. */
export interface BucketHooks {
  beforePut?(key: string, options: R2PutOptions | undefined): void | Promise<void>;
  afterPut?(key: string, result: R2Object | null): void;
  list?(options: R2ListOptions | undefined): void;
}

/** The real test bucket with hooks, to stage what workerd cannot do on demand (429s, interleavings). */
export function hookedBucket(hooks: BucketHooks, base: R2Bucket = env.BUCKET): R2Bucket {
  return {
    head: (key) => base.head(key),
    get: ((key: string, options?: R2GetOptions) => base.get(key, options)) as R2Bucket["get"],
    put: (async (key: string, value: Parameters<R2Bucket["put"]>[1], options?: R2PutOptions) => {
      await hooks.beforePut?.(key, options);
      const result = await base.put(key, value, options);
      hooks.afterPut?.(key, result);
      return result;
    }) as R2Bucket["put"],
    createMultipartUpload: (key, options) => base.createMultipartUpload(key, options),
    resumeMultipartUpload: (key, id) => base.resumeMultipartUpload(key, id),
    delete: (keys) => base.delete(keys),
    list: (options) => {
      hooks.list?.(options);
      return base.list(options);
    },
  };
}

/** Names no storage may accept, each with why. */
export const HOSTILE_NAMES: readonly [string, string][] = [
  ["", "empty"],
  ["../secret", "leading .. segment"],
  ["a/../../b", ".. segment inside"],
  ["..", "only .."],
  ["a/..", "trailing .."],
  ["/etc/passwd", "leading /"],
  ["a\\b", "backslash"],
  ["..\\windows", "backslash with .."],
  ["a\u0000b", "NUL"],
  ["a\nb", "newline"],
  ["a\rb", "carriage return"],
  ["tab\there", "tab"],
  ["del\u007f", "DEL"],
  ["c1\u0085", "C1 control"],
  ["a//b", "empty segment"],
  ["dir/", "trailing slash"],
  ["./a", ". segment"],
  ["bad\uD800", "lone surrogate"],
  ["invoice\u202Efdp.exe", "bidi override U+202E"],
  ["a\u202Ab", "bidi embedding U+202A"],
  ["a\u2066b\u2069", "bidi isolates U+2066/U+2069"],
  ["a\u200Eb", "left-to-right mark"],
  ["a\u200Fb", "right-to-left mark"],
  ["a\u061Cb", "Arabic letter mark"],
  ["x".repeat(1025), "over 1024 bytes"],
];

/** The SHA-256 of `data`. */
export async function sha256Of(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
}

/** A `Content-Digest` field (RFC 9530) declaring the SHA-256 of `data`. */
export async function contentDigest(data: Uint8Array): Promise<string> {
  return `sha-256=:${btoa(String.fromCharCode(...(await sha256Of(data))))}:`;
}
