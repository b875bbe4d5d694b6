import { HttpError } from "../errors/http-error.ts";
import type { R2Storage } from "../storage/r2-storage.ts";
import type { SignedRequestStatus } from "../storage/signed-url.ts";
import { EXPIRES_PARAM, SIGNATURE_PARAM } from "../storage/signing.ts";

/**
 * True when `request` is a GET/HEAD carrying a valid, unexpired signature made
 * by `files.url()`: such a request is its own authorisation, so the Access
 * check lets it through (with no user). `files` may be `null` (an app without
 * storage: never valid).
 *
 * @example
 * ```ts
 * // in an Access check, before asking for a token:
 * if (await isValidSignedFileRequest(request, app.files?.(env, shard) ?? null)) return next();
 * ```
 */
export async function isValidSignedFileRequest(request: Request, files: R2Storage | null): Promise<boolean> {
  return files !== null && (await files.checkSignedRequest(request)) === "valid";
}

/**
 * A cheap, unverified look: a GET/HEAD that carries both signature parameters.
 * For a check that cannot verify (e.g. a router that does not know the shard's
 * storage) and wants to leave the decision to the object, which verifies.
 */
export function hasFileSignature(request: Request): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const { searchParams } = new URL(request.url);
  return searchParams.has(EXPIRES_PARAM) && searchParams.has(SIGNATURE_PARAM);
}

/**
 * For the file proxy: `none` (no signature: Access decided) or `valid`; an
 * expired or tampered signature is refused with 403.
 */
export async function requireValidSignature(request: Request, files: R2Storage): Promise<"none" | "valid"> {
  const status: SignedRequestStatus = await files.checkSignedRequest(request);
  if (status === "expired") throw new HttpError(403, "signature_expired", "this file link has expired");
  if (status === "invalid") throw new HttpError(403, "invalid_signature", "this file link is not valid");
  return status;
}
