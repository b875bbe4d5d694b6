// The types a browser only displays or plays, never runs as a document, so
// they may open inline on the app's origin. Everything else (HTML, XHTML, SVG,
// XML and every +xml type, XSL, JavaScript, PDF, unknown types) is a download.
// - raster images: decoded as pixels, no script (SVG is a document: not here);
// - audio and video: played by the media pipeline in a viewer page of its own;
// - text/plain: shown as text, and nosniff stops a browser guessing HTML;
// - application/json: shown as text or by the browser's own viewer.
// PDF is left out: viewers run script and forms, and Chromium will not
// render one under the sandboxing CSP every file is served with anyway.
const INLINE =
  /^(image\/(png|jpeg|gif|webp|avif|bmp|vnd\.microsoft\.icon|x-icon)|audio\/(mpeg|ogg|wav|webm|flac|aac|mp4)|video\/(mp4|webm|ogg|quicktime)|text\/plain|application\/json)$/;

/** True when a file of this Content-Type may be shown inline (its media type, parameters ignored). */
export function isInlineType(contentType: string): boolean {
  return INLINE.test(contentType.split(";", 1)[0]!.trim().toLowerCase());
}

/**
 * `attachment` with the name's last segment as the file name (RFC 6266): an
 * ASCII `filename` with anything else replaced by `_`, and the exact name as
 * UTF-8 in `filename*` (RFC 8187), percent-encoded outside its attr-chars.
 *
 * @example
 * ```ts
 * attachmentDisposition("docs/été.html");
 * // attachment; filename="_t_.html"; filename*=UTF-8''%C3%A9t%C3%A9.html
 * ```
 */
export function attachmentDisposition(name: string): string {
  const base = name.slice(name.lastIndexOf("/") + 1);
  const ascii = base.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(base).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
