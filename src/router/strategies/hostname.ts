import { ConfigError } from "../../errors/config-error.ts";
import type { ShardStrategy } from "../types.ts";

/** Options of {@link byHostname}. */
export type HostnameOptions = {
  /**
   * Removed from the end of the host, leading dot included: with
   * `".example.com"`, `acme.example.com` → `acme`. A host outside the suffix
   * names no shard (400), so a stray `*.workers.dev` request cannot pick one.
   */
  suffix?: string;
  /** Shard for the bare suffix host (`example.com`) and the admin routes' default. */
  default?: string;
};

/**
 * Shards by the request's host.
 *
 * The name is the URL's hostname as the runtime parsed it: lower-cased, port
 * removed, internationalised names already in punycode (`bücher.example.com`
 * → `xn--bcher-kva`), one trailing dot dropped; then the `suffix` is removed.
 * Nothing else is rewritten: dots are not mapped to `-`, because a lossy
 * mapping would let two hosts (`a-b.c`, `a.b-c`) share one object. So under the
 * default pattern (no dots) a host must be exactly one label below the suffix
 * (`x.acme.example.com` → `x.acme` → 400); without a suffix, the whole host is
 * the name and you need a `shardPattern` that allows dots.
 *
 * @example
 * ```ts
 * // acme.example.com → "acme"; example.com → "www"
 * createWorker({ binding: "APP", shard: byHostname({ suffix: ".example.com", default: "www" }) });
 * ```
 */
export function byHostname(options: HostnameOptions = {}): ShardStrategy {
  const suffix = options.suffix?.toLowerCase();
  if (suffix !== undefined && !/^\.[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(suffix)) {
    throw new ConfigError(
      "byHostname.suffix",
      'must start with "." and be a host name, e.g. ".example.com"',
    );
  }
  const fallback = options.default;
  if (fallback !== undefined && (typeof fallback !== "string" || fallback.length === 0)) {
    throw new ConfigError("byHostname.default", "must be a non-empty string");
  }
  return {
    resolve(request) {
      let host = new URL(request.url).hostname.toLowerCase();
      if (host.endsWith(".")) host = host.slice(0, -1);
      if (suffix === undefined) return host;
      if (host === suffix.slice(1)) return fallback ?? null;
      if (!host.endsWith(suffix)) return null;
      return host.slice(0, -suffix.length);
    },
    source: suffix === undefined ? "the request's host" : `the host's name below ${suffix}`,
    ...(fallback !== undefined && { defaultShard: fallback }),
  };
}
