import { ConfigError } from "../errors/config-error.ts";

/**
 * Default Cache-Control of proxied files: never kept by a shared cache
 * (`private`), revalidated on every use (`no-cache`; a 304 is cheap), and not
 * recompressed on the way (`no-transform`, so Content-Length and byte ranges
 * stay those of the stored file).
 */
export const PRIVATE_FILE_CACHE_CONTROL = "private, no-cache, no-transform";
/** Default for `public: true` when the file has no stored Cache-Control. */
export const PUBLIC_FILE_CACHE_CONTROL = "public, max-age=300, no-transform";

/** Options of the file proxy that shape caching. */
export interface CacheOptions {
  /**
   * The files are public (no Access in front of them): a file's stored
   * Cache-Control applies, else `cacheControl`, else `public, max-age=300`.
   */
  readonly public?: boolean;
  /** Cache-Control of file responses; unless `public` it must contain `private` or `no-store`. */
  readonly cacheControl?: string;
}

/**
 * The Cache-Control policy for one proxy configuration, validated where it is
 * created: a file behind Access must never land in a shared cache, so a
 * non-public policy without `private` or `no-store` is a configuration error.
 */
export function cacheControlPolicy(options: CacheOptions): (stored: string | undefined) => string {
  const given = options.cacheControl;
  if (given !== undefined && (typeof given !== "string" || given.trim() === "" || /[\r\n\0]/.test(given))) {
    throw new ConfigError("cacheControl", "must be a non-empty header value");
  }
  if (options.public) {
    return (stored) => stored ?? given ?? PUBLIC_FILE_CACHE_CONTROL;
  }
  if (given !== undefined && !/(^|[\s,])(private|no-store)\s*(,|$)/i.test(given)) {
    throw new ConfigError(
      "cacheControl",
      "must contain private or no-store unless public: files behind Access must never land in a shared cache",
    );
  }
  const value = given ?? PRIVATE_FILE_CACHE_CONTROL;
  return () => value;
}
