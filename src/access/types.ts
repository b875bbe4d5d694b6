import type { AppUser } from "../app/types.ts";
import type { Database } from "../db/types.ts";

/**
 * The claims of a verified Cloudflare Access token. Only the claims dorm reads
 * are named; the rest stay available by name (`groups`, `country`, …).
 */
export interface AccessClaims {
  readonly iss: string;
  readonly aud: string | readonly string[];
  readonly exp: number;
  readonly nbf?: number;
  readonly iat?: number;
  readonly sub?: string;
  /** Set for people; absent (or empty) for service tokens. */
  readonly email?: string;
  /** The person's display name, when the identity provider sends one. */
  readonly name?: string;
  /** The client id of a service token; set instead of `email`. */
  readonly common_name?: string;
  readonly [claim: string]: unknown;
}

/**
 * Replaces how a person's claims become a user: look up or create the row
 * and return the user (with `isActive: false` to answer 403). Runs only for
 * people, never for service tokens, and only after the token is verified.
 */
export type AccessUserHook = (claims: AccessClaims, db: Database) => Promise<AppUser>;

/**
 * Where an exemption is asked: by the router's pre-check before any shard is
 * named (`stage: "router"`, `shard: null`), or by the object / D1-mode app
 * (`stage: "app"`, with the shard).
 */
export type AccessExemptContext =
  | { readonly stage: "router"; readonly shard: null }
  | { readonly stage: "app"; readonly shard: string };

/**
 * Lets a request through without a token (e.g. a signed file URL). At the
 * router stage only cheap, unverified checks belong here: `true` there just
 * lets the request reach the object, which asks again at the app stage, where
 * the hook must verify (the signature, say). It must not read the body.
 */
export type AccessExemptHook = (request: Request, context: AccessExemptContext) => boolean | Promise<boolean>;

/**
 * Who a verified token says the caller is, as the `authorize` hook sees it:
 * a person (`email`, its domain lower-cased as `dorm_users` stores it) or a
 * service token (`service`, its `common_name`), never both.
 */
export interface AccessIdentity {
  readonly email: string | null;
  readonly service: string | null;
  /** The verified claims (frozen), e.g. `groups`; never the token. */
  readonly claims: AccessClaims;
}

/** What the `authorize` hook is asked with, once per request, at the router. */
export interface AccessAuthorizeInput<Env> {
  /** The verified caller, or `null` for an exempt request (`exemptPaths`, the `exempt` hook). */
  readonly identity: AccessIdentity | null;
  /** The shard the router named and validated for this request. */
  readonly shard: string;
  /** The request (its body must not be read: it goes on to the object). */
  readonly request: Request;
  readonly env: Env;
  readonly requestId: string;
}

/**
 * Decides whether a caller may use a shard: `true` lets the request on,
 * `false` answers 403 `forbidden`, a `Response` is answered as it is (a 404
 * of the app's, say). It may throw an `HttpError` to answer with its status.
 * Anything else refuses (403), so a hook that forgets to answer fails closed.
 */
export type AccessAuthorizeHook<Env> = (
  input: AccessAuthorizeInput<Env>,
) => boolean | Response | Promise<boolean | Response>;

/** Options of the Access feature itself (`access(setting, options)`, `accessFromEnv(options)`). */
export interface AccessFeatureOptions<Env> {
  /**
   * Authorization per shard, run by dorm's router after the token check and
   * after the shard is named, before any Durable Object is created or woken
   * and before D1 mode touches its database; once per request, never again
   * in the object. Not called when Access is off for an `env`.
   */
  readonly authorize?: AccessAuthorizeHook<Env> | undefined;
}

/** What `defineAccess` accepts. At least one of `teamName` and `aud` is required. */
export interface AccessOptions {
  /**
   * The Zero Trust team: `myteam` or `myteam.cloudflareaccess.com`. Tokens
   * must then be issued by exactly `https://myteam.cloudflareaccess.com`.
   */
  readonly teamName?: string | undefined;
  /**
   * The application audience tag(s) (AUD). When set, a token must name one of
   * them in `aud`. With only an AUD, the team is read from the token's issuer,
   * which must be exactly `https://<label>.cloudflareaccess.com`.
   */
  readonly aud?: string | readonly string[] | undefined;
  /** Paths served without a token, matched by whole segments (`/health`). */
  readonly exemptPaths?: readonly string[];
  /** Exempts requests by a rule of the app's own (signed file URLs); see {@link AccessExemptHook}. */
  readonly exempt?: AccessExemptHook;
  /** Seconds a fetched key set stays fresh. Default 3600. */
  readonly cacheTimeout?: number;
  /** Seconds between refetches caused by an unknown `kid`. Default 30. */
  readonly keyRefetchCooldown?: number;
  /** Seconds of clock skew allowed on `exp` and `nbf`. Default 30, at most 300. */
  readonly clockTolerance?: number;
  /**
   * Where to fetch the keys instead of `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs`.
   * For local development and tests: only `http(s)` URLs of loopback hosts
   * (`localhost`, `127.0.0.0/8`, `[::1]`) are accepted. The issuer rules are unchanged.
   */
  readonly certsUrl?: string | undefined;
  /** Tokens longer than this are refused before any parsing. Default 16384. */
  readonly maxTokenBytes?: number;
  /**
   * The verified-token cache (shared by the router and the object, keyed by
   * the token's SHA-256, never past `exp`, at most 1000 tokens per isolate).
   * `false` turns it off, so every request verifies a signature (benchmarks).
   * Default `true`.
   */
  readonly tokenCache?: boolean;
  /** Replaces dorm's user row handling, in DO and D1 mode alike. */
  readonly onUser?: AccessUserHook;
}

/** Access settings after validation, as `defineAccess` returns them. */
export interface AccessConfig {
  readonly teamName: string | null;
  /** `https://<team>.cloudflareaccess.com` when a team is configured. */
  readonly issuer: string | null;
  readonly audiences: readonly string[] | null;
  /** Each exempt path as its segments (`/a/b` → `["a", "b"]`). */
  readonly exemptPaths: readonly (readonly string[])[];
  readonly exempt: AccessExemptHook | null;
  readonly cacheTimeoutMs: number;
  readonly cooldownMs: number;
  readonly clockToleranceSeconds: number;
  readonly certsUrl: string | null;
  readonly maxTokenBytes: number;
  readonly tokenCache: boolean;
  readonly onUser: AccessUserHook | null;
  /** Identifies what a verification depends on (issuer, audiences, key source). */
  readonly fingerprint: string;
}

/**
 * How an app or the router is given its Access settings: options, an
 * already validated config, `null` (Access off), or a function of `env`
 * returning one of those (asked once per `env` object and remembered).
 */
export type AccessSetting<Env = unknown> =
  | AccessOptions
  | AccessConfig
  | null
  | ((env: Env) => AccessOptions | AccessConfig | null);
