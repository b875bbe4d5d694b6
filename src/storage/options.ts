import { ConfigError } from "../errors/config-error.ts";
import { normalizeLocation } from "./names.ts";
import { checkExpiresIn, checkSecret, DEFAULT_SIGNED_URL_SECONDS } from "./signing.ts";
import { MIN_PART_SIZE } from "./write-body.ts";

/** How `url()` signs URLs for the file proxy, and how the proxy checks them. */
export interface SigningOptions {
  /** HMAC-SHA256 secret, at least 32 characters (e.g. `env.FILES_SIGNING_SECRET`). */
  readonly secret: string;
  /**
   * Where the file proxy serves this storage's names, ending in `/`: a path
   * (`"/files/"`, giving relative URLs) or an absolute URL
   * (`"https://app.example.com/files/"`). `url(name)` appends the encoded name.
   */
  readonly urlBase: string;
  /** Default lifetime of a signed URL in seconds: 3600; at most 7 days. */
  readonly expiresIn?: number;
}

/** Options of {@link R2Storage}. */
export interface R2StorageOptions {
  /** The R2 bucket binding, e.g. `env.BUCKET`. */
  readonly binding: R2Bucket;
  /** Key prefix every name lives under, e.g. `tenants/acme/`; default the bucket root. */
  readonly location?: string;
  /** Replace an existing file on `save` instead of finding a free name. Default `false`. */
  readonly allowOverwrite?: boolean;
  /** Base URL of a public bucket (R2 custom domain); `url()` then returns public URLs. */
  readonly publicBaseUrl?: string;
  /** Signed, expiring URLs for the file proxy (used by `url()` without `publicBaseUrl`). */
  readonly signing?: SigningOptions;
  /** Cache-Control stored with saved files (what a public bucket serves); none by default. */
  readonly cacheControl?: string;
  /** Part size for bodies of unknown length (multipart); default and minimum 5 MiB. */
  readonly partSize?: number;
  /** Entries asked of each R2 list call in `listdir`, 1–1000; default 1000 (fewer when the page needs fewer). */
  readonly listPageSize?: number;
}

/** The options after validation, defaults filled in. */
export interface ResolvedStorageOptions {
  readonly bucket: R2Bucket;
  readonly location: string;
  readonly allowOverwrite: boolean;
  readonly publicBaseUrl: string | null;
  readonly signing: { secret: string; urlBase: string; basePath: string; expiresIn: number } | null;
  readonly cacheControl: string | null;
  readonly partSize: number;
  readonly listPageSize: number;
}

const MAX_PART_SIZE = 512 * 1024 * 1024;

/** Validates R2Storage options where they are created; errors name the option. */
export function resolveStorageOptions(options: R2StorageOptions): ResolvedStorageOptions {
  if (typeof options !== "object" || options === null) {
    throw new ConfigError("R2Storage", "options must be an object");
  }
  const bucket = options.binding;
  if (typeof bucket !== "object" || bucket === null || typeof bucket.put !== "function" || typeof bucket.list !== "function") {
    throw new ConfigError("binding", "must be an R2 bucket binding (e.g. env.BUCKET); is it bound in wrangler.toml?");
  }
  const partSize = options.partSize ?? MIN_PART_SIZE;
  if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
    throw new ConfigError("partSize", `must be a whole number of bytes from ${MIN_PART_SIZE} to ${MAX_PART_SIZE}`);
  }
  const listPageSize = options.listPageSize ?? 1000;
  if (!Number.isInteger(listPageSize) || listPageSize < 1 || listPageSize > 1000) {
    throw new ConfigError("listPageSize", "must be a whole number from 1 to 1000");
  }
  return {
    bucket,
    location: normalizeLocation(options.location),
    allowOverwrite: options.allowOverwrite ?? false,
    publicBaseUrl: options.publicBaseUrl ? absoluteUrl(options.publicBaseUrl, "publicBaseUrl").replace(/\/+$/, "") : null,
    signing: options.signing ? resolveSigning(options.signing) : null,
    cacheControl: options.cacheControl === undefined ? null : headerValue(options.cacheControl, "cacheControl"),
    partSize,
    listPageSize,
  };
}

function resolveSigning(signing: SigningOptions): NonNullable<ResolvedStorageOptions["signing"]> {
  const secret = checkSecret(signing.secret, "signing.secret");
  const expiresIn = checkExpiresIn(signing.expiresIn ?? DEFAULT_SIGNED_URL_SECONDS, "signing.expiresIn");
  const urlBase = signing.urlBase;
  if (typeof urlBase !== "string" || !urlBase.endsWith("/")) {
    throw new ConfigError("signing.urlBase", 'must be a path or URL ending in "/", e.g. "/files/"');
  }
  const basePath = urlBase.startsWith("/") ? new URL(urlBase, "http://localhost").pathname : new URL(absoluteUrl(urlBase, "signing.urlBase")).pathname;
  if (urlBase.startsWith("//")) throw new ConfigError("signing.urlBase", "must not be protocol-relative");
  return { secret, urlBase, basePath, expiresIn };
}

function absoluteUrl(value: unknown, option: string): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new ConfigError(option, "must be an absolute http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(option, "must be an absolute http(s) URL");
  }
  return String(value);
}

function headerValue(value: unknown, option: string): string {
  if (typeof value !== "string" || value.trim() === "" || /[\r\n\0]/.test(value)) {
    throw new ConfigError(option, "must be a non-empty header value");
  }
  return value.trim();
}
