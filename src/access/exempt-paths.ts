import { ConfigError } from "../errors/config-error.ts";

// Encoded ".", "/" and "\": a segment holding one could decode into a dot
// segment or a separator later (in an app that decodes), so a path carrying
// one is never exempt, whatever its prefix.
const ENCODED_DOT_OR_SLASH = /%(?:2e|2f|5c)/i;
const FORBIDDEN_IN_CONFIG = /[%?#\\\s\u0000-\u001f\u007f]/;

/**
 * Checks one configured exempt path and returns its segments. An exempt
 * path is an absolute path of plain segments (`/health`, `/public/docs`);
 * a trailing slash is ignored. `/` is refused: turn Access off instead.
 */
export function parseExemptPath(path: unknown, option: string): readonly string[] {
  if (typeof path !== "string" || !path.startsWith("/") || path.length > 1024) {
    throw new ConfigError(option, "each exempt path must be a string starting with /");
  }
  if (FORBIDDEN_IN_CONFIG.test(path)) {
    throw new ConfigError(option, `exempt path ${JSON.stringify(path)} must not contain %, ?, #, \\ or whitespace`);
  }
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  const segments = trimmed.slice(1).split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) {
    throw new ConfigError(
      option,
      `exempt path ${JSON.stringify(path)} must be a normalised path with no empty, . or .. segments (and not "/")`,
    );
  }
  return Object.freeze(segments);
}

/**
 * Whether a request path is exempt: its segments must begin with all the
 * segments of an exempt path, so `/health` exempts `/health` and
 * `/health/live` but not `/healthz`. The path is taken as the URL parser left
 * it (dot segments, `%2e` included, already resolved) and compared without
 * decoding; a path with an empty segment or an encoded `.`, `/` or `\` is
 * never exempt.
 *
 * @example
 * ```ts
 * isExemptPath("/health", [["health"]]); // true
 * isExemptPath("/healthz", [["health"]]); // false
 * ```
 */
export function isExemptPath(pathname: string, exempt: readonly (readonly string[])[]): boolean {
  if (exempt.length === 0 || !pathname.startsWith("/")) return false;
  const segments = pathname.slice(1).split("/");
  if (segments.length > 1 && segments[segments.length - 1] === "") segments.pop();
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === ".." || ENCODED_DOT_OR_SLASH.test(segment)) return false;
  }
  return exempt.some(
    (prefix) => prefix.length <= segments.length && prefix.every((segment, i) => segments[i] === segment),
  );
}
