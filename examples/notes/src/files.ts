import { ConfigError, HttpError } from "../../../src/index.ts";
import type { AppContext } from "../../../src/index.ts";
import { nameFromPath, R2Storage, receiveUpload, requireValidSignature, serveFile } from "../../../src/files/index.ts";
import type { Env } from "./env.ts";
import { json } from "./http.ts";

/** Where the demo mounts its files; also the base of signed URLs. */
export const FILES_PREFIX = "/files/";
/** Upload limit when MAX_UPLOAD_BYTES is not set: 100 MiB (the Workers request limit of most plans). */
export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/** Each tenant's files live under `tenants/<tenant>/` of the one bucket. */
export function tenantFiles(env: Env, shard: string): R2Storage {
  return new R2Storage({
    binding: env.BUCKET,
    location: `tenants/${shard}/`,
    ...(env.FILES_PUBLIC_BASE_URL && { publicBaseUrl: env.FILES_PUBLIC_BASE_URL }),
    ...(env.FILES_SIGNING_SECRET && { signing: { secret: env.FILES_SIGNING_SECRET, urlBase: FILES_PREFIX } }),
  });
}

/**
 * `/files/<path>` — PUT uploads (201 `{name}`), GET/HEAD serve (ranges,
 * conditionals), DELETE removes (204/404); `/files/?dir=<path>&limit=&cursor=`
 * lists one page.
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
      await requireValidSignature(request, files);
      return serveFile(request, files, name);
    case "PUT": {
      const saved = await receiveUpload(request, files, name, { maxBytes: maxUploadBytes(env) });
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
  const limit = params.get("limit");
  const cursor = params.get("cursor");
  if (limit !== null && !(/^[0-9]{1,4}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= 1000)) {
    throw new HttpError(400, "invalid_limit", "limit must be a whole number from 1 to 1000");
  }
  return files.listdir(params.get("dir") ?? "", {
    ...(limit !== null && { limit: Number(limit) }),
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
