import { ConfigError } from "../../errors/config-error.ts";
import { RESERVED_HEADER_PREFIX } from "../../http/reserved-headers.ts";
import type { ShardStrategy } from "../types.ts";

/** RFC 9110 `token`: the characters a header field name may contain. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Options of {@link byHeader}. */
export type HeaderOptions = {
  /** Shard when the header is absent (else 400), and the admin routes' default. */
  default?: string;
};

/**
 * Shards by a request header's value, taken as-is: `X-Tenant: Acme` is not
 * folded to `acme` but refused by the default pattern, so one tenant never has
 * two spellings. A header that is present but empty is refused too; only an
 * absent header falls back to `default`.
 *
 * @example
 * ```ts
 * // the demo: one object per tenant, "default" without the header
 * createWorker({ binding: "APP", shard: byHeader("X-Tenant", { default: "default" }) });
 * ```
 */
export function byHeader(name: string, options: HeaderOptions = {}): ShardStrategy {
  if (typeof name !== "string" || !HEADER_NAME.test(name)) {
    throw new ConfigError("byHeader.name", "must be a valid HTTP header name");
  }
  if (name.toLowerCase().startsWith(RESERVED_HEADER_PREFIX)) {
    // The router strips these from every client request, so it would never be seen.
    throw new ConfigError("byHeader.name", `must not start with "${RESERVED_HEADER_PREFIX}"`);
  }
  const fallback = options.default;
  if (fallback !== undefined && (typeof fallback !== "string" || fallback.length === 0)) {
    throw new ConfigError("byHeader.default", "must be a non-empty string");
  }
  return {
    resolve(request) {
      return request.headers.get(name) ?? fallback ?? null;
    },
    source: `the "${name}" header`,
    ...(fallback !== undefined && { defaultShard: fallback }),
  };
}
