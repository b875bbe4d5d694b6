import { guessContentType } from "../storage/content-type.ts";
import { attachmentDisposition, isInlineType } from "./disposition.ts";

/**
 * The policy of every file response: nothing in it may load, run or reach
 * the app's origin (a sandboxed, opaque origin), whatever its type says.
 */
export const FILE_CSP = "default-src 'none'; sandbox";

/** The headers of a proxied file: validators, type, length policy and hardening. */
export function fileHeaders(object: R2Object, name: string, cacheControl: string): Headers {
  const headers = notModifiedHeaders(object, name, cacheControl);
  headers.set("content-type", contentTypeOf(object, name));
  headers.set("accept-ranges", "bytes");
  const { contentLanguage } = object.httpMetadata ?? {};
  if (contentLanguage) headers.set("content-language", contentLanguage);
  return headers;
}

/**
 * What a 304 repeats from the 200 it stands for (RFC 9110 §15.4.5), and the
 * hardening too: a cache updates a stored response's headers from a 304, so
 * one stored before this policy gets it as well.
 */
export function notModifiedHeaders(object: R2Object, name: string, cacheControl: string): Headers {
  const headers = new Headers({
    etag: object.httpEtag,
    "last-modified": object.uploaded.toUTCString(),
    "cache-control": cacheControl,
    "content-security-policy": FILE_CSP,
    "x-content-type-options": "nosniff",
  });
  // Not inline-safe: a download, whatever disposition was stored with it.
  const stored = object.httpMetadata?.contentDisposition;
  const disposition = isInlineType(contentTypeOf(object, name)) ? stored : attachmentDisposition(name);
  if (disposition) headers.set("content-disposition", disposition);
  return headers;
}

function contentTypeOf(object: R2Object, name: string): string {
  return object.httpMetadata?.contentType ?? guessContentType(name);
}
