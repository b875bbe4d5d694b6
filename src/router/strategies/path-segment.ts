import { ConfigError } from "../../errors/config-error.ts";
import type { ShardStrategy } from "../types.ts";

/** Options of {@link byPathSegment}. */
export type PathSegmentOptions = {
  /** Shard when the segment is absent or empty (else 400), and the admin routes' default. */
  default?: string;
};

/**
 * Shards by one segment of the URL path (0 is the first after the leading
 * `/`), percent-decoded so `%61cme` and `acme` are one shard and `%2e%2e`
 * arrives as `..` for the name check to refuse. A malformed escape names no
 * shard (400). The request is forwarded unchanged: the app still sees the
 * segment in its path.
 *
 * @example
 * ```ts
 * // /acme/notes → "acme"; / → "default"
 * createWorker({ binding: "APP", shard: byPathSegment(0, { default: "default" }) });
 * ```
 */
export function byPathSegment(index: number, options: PathSegmentOptions = {}): ShardStrategy {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new ConfigError("byPathSegment.index", "must be a non-negative integer");
  }
  const fallback = options.default;
  if (fallback !== undefined && (typeof fallback !== "string" || fallback.length === 0)) {
    throw new ConfigError("byPathSegment.default", "must be a non-empty string");
  }
  return {
    resolve(request) {
      const segment = new URL(request.url).pathname.slice(1).split("/")[index];
      if (segment === undefined || segment === "") return fallback ?? null;
      try {
        return decodeURIComponent(segment);
      } catch {
        return null;
      }
    },
    source: `segment ${index} of the URL path`,
    ...(fallback !== undefined && { defaultShard: fallback }),
  };
}
