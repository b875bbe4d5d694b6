import { splitExtension } from "./names.ts";

/** What a file is served as when neither its upload nor its extension says. */
export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

const TEXT = "; charset=utf-8";

// The types browsers render or play, by the last extension (lower case); text
// types carry a charset so browsers do not guess one. Deliberately short (every
// entry ships in each worker bundle): anything else is served as
// application/octet-stream, which browsers download, unless the upload or
// `save(..., { contentType })` named its type, which is then kept.
const TYPES: Readonly<Record<string, string>> = {
  txt: `text/plain${TEXT}`,
  md: `text/markdown${TEXT}`,
  csv: `text/csv${TEXT}`,
  html: `text/html${TEXT}`,
  htm: `text/html${TEXT}`,
  css: `text/css${TEXT}`,
  js: `text/javascript${TEXT}`,
  mjs: `text/javascript${TEXT}`,
  json: `application/json${TEXT}`,
  xml: `application/xml${TEXT}`,
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  ico: "image/vnd.microsoft.icon",
  pdf: "application/pdf",
  zip: "application/zip",
  gz: "application/gzip",
  wasm: "application/wasm",
  mp3: "audio/mpeg",
  ogg: "audio/ogg",
  wav: "audio/wav",
  mp4: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
  woff2: "font/woff2",
};

/**
 * The content type for a name from its last extension, case-insensitive;
 * `application/octet-stream` when unknown.
 *
 * @example
 * ```ts
 * guessContentType("photos/cat.JPG"); // "image/jpeg"
 * guessContentType("backup.tar.gz");  // "application/gzip"
 * ```
 */
export function guessContentType(name: string): string {
  const [, extension] = splitExtension(name);
  const last = extension.slice(extension.lastIndexOf(".") + 1).toLowerCase();
  return (last && TYPES[last]) || DEFAULT_CONTENT_TYPE;
}

// RFC 9110 media type: type "/" subtype *( OWS ";" OWS parameter ), with
// parameter values as tokens or quoted strings. No CR/LF can pass.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(
  `^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\\\x00-\\x1f\\x7f]|\\\\[\\t -~])*"))*$`,
);

/** True for a syntactically valid media type such as `text/plain; charset=utf-8`. */
export function isValidContentType(value: string): boolean {
  return value.length <= 256 && MEDIA_TYPE.test(value.trim());
}
