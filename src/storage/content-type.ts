import { splitExtension } from "./names.ts";

/** What a file is served as when neither its upload nor its extension says. */
export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

const TEXT = "; charset=utf-8";

// Common web types by the last extension (lower case). Text types carry a
// charset so browsers do not guess one.
const TYPES: Readonly<Record<string, string>> = {
  txt: `text/plain${TEXT}`,
  text: `text/plain${TEXT}`,
  log: `text/plain${TEXT}`,
  md: `text/markdown${TEXT}`,
  csv: `text/csv${TEXT}`,
  tsv: `text/tab-separated-values${TEXT}`,
  html: `text/html${TEXT}`,
  htm: `text/html${TEXT}`,
  css: `text/css${TEXT}`,
  js: `text/javascript${TEXT}`,
  mjs: `text/javascript${TEXT}`,
  json: `application/json${TEXT}`,
  xml: `application/xml${TEXT}`,
  svg: "image/svg+xml",
  ics: `text/calendar${TEXT}`,
  yaml: `application/yaml${TEXT}`,
  yml: `application/yaml${TEXT}`,
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  ico: "image/vnd.microsoft.icon",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
  heic: "image/heic",
  pdf: "application/pdf",
  zip: "application/zip",
  gz: "application/gzip",
  tgz: "application/gzip",
  bz2: "application/x-bzip2",
  xz: "application/x-xz",
  zst: "application/zstd",
  tar: "application/x-tar",
  "7z": "application/x-7z-compressed",
  wasm: "application/wasm",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  ogg: "audio/ogg",
  oga: "audio/ogg",
  opus: "audio/opus",
  wav: "audio/wav",
  flac: "audio/flac",
  mp4: "video/mp4",
  m4v: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
  ogv: "video/ogg",
  woff: "font/woff",
  woff2: "font/woff2",
  ttf: "font/ttf",
  otf: "font/otf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  epub: "application/epub+zip",
  rtf: "application/rtf",
  sqlite: "application/vnd.sqlite3",
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
