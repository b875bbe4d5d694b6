import { guessContentType } from "../storage/content-type.ts";

// Types a browser would run as a document from our origin (stored XSS):
// served with a sandboxing CSP, so at worst they render inert.
const ACTIVE = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml)\b/i;

/** The headers of a proxied file: validators, type, length policy and hardening. */
export function fileHeaders(object: R2Object, name: string, cacheControl: string): Headers {
  const headers = new Headers();
  const type = object.httpMetadata?.contentType ?? guessContentType(name);
  headers.set("content-type", type);
  headers.set("etag", object.httpEtag);
  headers.set("last-modified", object.uploaded.toUTCString());
  headers.set("accept-ranges", "bytes");
  headers.set("cache-control", cacheControl);
  headers.set("x-content-type-options", "nosniff");
  if (ACTIVE.test(type)) headers.set("content-security-policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  const { contentDisposition, contentLanguage } = object.httpMetadata ?? {};
  if (contentDisposition) headers.set("content-disposition", contentDisposition);
  if (contentLanguage) headers.set("content-language", contentLanguage);
  return headers;
}

/** What a 304 repeats from the 200 it stands for (RFC 9110 §15.4.5). */
export function notModifiedHeaders(object: R2Object, cacheControl: string): Headers {
  return new Headers({
    etag: object.httpEtag,
    "last-modified": object.uploaded.toUTCString(),
    "cache-control": cacheControl,
  });
}
