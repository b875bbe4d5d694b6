import { env as startEnv } from "cloudflare:workers";
import { ConfigError, HttpError } from "../../../src/index.ts";
import type { AppContext } from "../../../src/index.ts";
import { devSigningSecret, nameFromPath, R2Storage, receiveUpload, requireValidSignature, serveFile } from "../../../src/files/index.ts";
import type { Env } from "./env.ts";
import { json, pageLimit } from "./http.ts";

/** Where the demo mounts its files; also the base of signed URLs. */
export const FILES_PREFIX = "/files/";
/** Upload limit when MAX_UPLOAD_BYTES is not set: 100 MiB (the Workers request limit of most plans). */
export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** Entries per page of the listing, by default and at most: what one R2 list call returns. */
const MAX_LISTING = 1000;

/**
 * What signs file URLs: `FILES_SIGNING_SECRET` when set; else, when
 * `FILES_SIGNING_DEV` is `1` (set by `npm start` and the tests' wrangler dev,
 * never by wrangler.toml, so never deployed), a random secret of this isolate;
 * else nothing, and `url()` throws a `ConfigError`. No secret is committed:
 * one in the repository would let anyone forge links to a deployment that kept it.
 */
export function signingSecret(env: Env): string | undefined {
  if (env.FILES_SIGNING_SECRET) return env.FILES_SIGNING_SECRET;
  return devSigning(env) ? devSigningSecret() : undefined;
}

function devSigning(env: Env): boolean {
  return !env.FILES_SIGNING_SECRET && env.FILES_SIGNING_DEV === "1";
}

// Said once per isolate, when the worker loads (the secret itself is made on
// first use: Workers forbid random values in global scope).
if (devSigning(startEnv as unknown as Env)) {
  console.info(
    "files: FILES_SIGNING_SECRET is not set; FILES_SIGNING_DEV=1, so file URLs are signed with a random secret of this process: they work only here, until it restarts",
  );
}

/** Each tenant's files live under `tenants/<tenant>/` of the one bucket. */
export function tenantFiles(env: Env, shard: string): R2Storage {
  const secret = signingSecret(env);
  return new R2Storage({
    binding: env.BUCKET,
    location: `tenants/${shard}/`,
    ...(env.FILES_PUBLIC_BASE_URL && { publicBaseUrl: env.FILES_PUBLIC_BASE_URL }),
    ...(secret && { signing: { secret, urlBase: FILES_PREFIX } }),
  });
}

/**
 * `/files/<path>` — PUT uploads (201 `{name}`), GET/HEAD serve (ranges,
 * conditionals), `GET …?link` answers a signed URL `{url}` for the file,
 * DELETE removes (204/404); `/files/?dir=<path>&limit=&cursor=` lists one page.
 * `<path>` is percent-decoded, then validated as a name (400 when refused).
 */
export async function filesRoute(request: Request, { files, env }: AppContext<Env>): Promise<Response> {
  const url = new URL(request.url);
  const name = nameFromPath(url.pathname, FILES_PREFIX);
  if (name === "") {
    if (request.method !== "GET") throw notAllowed(request, "GET");
    return json(await listing(files, url.searchParams));
  }
  switch (request.method) {
    case "GET":
    case "HEAD":
      // A signed request only ever reads: `?link` on it does not mint a new,
      // later-expiring link, so a link cannot be stretched past its lifetime.
      if ((await requireValidSignature(request, files)) === "none" && url.searchParams.has("link")) {
        if (!(await files.exists(name))) throw new HttpError(404, "not_found", "no such file");
        return json({ url: await files.url(name) });
      }
      return serveFile(request, files, name);
    case "PUT": {
      // requireIntegrity: an upload of unknown length must carry a digest, so
      // a chunked upload cut off by its client is never stored as complete.
      const saved = await receiveUpload(request, files, name, { maxBytes: maxUploadBytes(env), requireIntegrity: true });
      return json({ name: saved }, 201);
    }
    case "DELETE":
      if (!(await files.delete(name))) throw new HttpError(404, "not_found", "no such file");
      return new Response(null, { status: 204 });
    default:
      throw notAllowed(request, "GET, HEAD, PUT, DELETE");
  }
}

/**
 * One page of `dir`: at most `limit` entries (1–1000, default 1000, so an
 * answer stays bounded) after `cursor`; 400 for a limit out of range (the
 * library's RangeError is meant for code) or a cursor it did not hand out.
 */
function listing(files: R2Storage, params: URLSearchParams) {
  const cursor = params.get("cursor");
  return files.listdir(params.get("dir") ?? "", {
    limit: pageLimit(params, MAX_LISTING, MAX_LISTING),
    ...(cursor !== null && { cursor }),
  });
}

function maxUploadBytes(env: Env): number {
  const raw = env.MAX_UPLOAD_BYTES;
  if (raw === undefined || raw === "") return DEFAULT_MAX_UPLOAD_BYTES;
  const value = Number(raw);
  if (!/^[0-9]{1,16}$/.test(raw) || !Number.isSafeInteger(value)) {
    throw new ConfigError("MAX_UPLOAD_BYTES", "must be a whole number of bytes");
  }
  return value;
}

function notAllowed(request: Request, allow: string): HttpError {
  return new HttpError(405, "method_not_allowed", `${request.method} is not allowed here`, { headers: { allow } });
}
