import type { TenantDirectory } from "./directory.ts";

/** The demo's bindings and settings (root wrangler.toml). */
export interface Env {
  APP: DurableObjectNamespace;
  /** The tenant directory (one object): owners and members, asked before any tenant object exists. */
  DIRECTORY: DurableObjectNamespace<TenantDirectory>;
  DB: D1Database;
  BUCKET: R2Bucket;
  /** Cloudflare Access team (`myteam`); Access is on when this or ACCESS_AUD is set. */
  ACCESS_TEAM_NAME?: string;
  /** Access application audience tag(s), comma-separated. */
  ACCESS_AUD?: string;
  /** Local development and tests only: a loopback URL serving the Access keys. */
  ACCESS_CERTS_URL?: string;
  /** `do` (default) runs the app in a Durable Object per tenant; `d1` in the router on D1. */
  DATABASE_MODE?: string;
  /** Bearer token of the admin routes `/_dorm/admin/…` (a secret, at least 16 characters). */
  ADMIN_TOKEN?: string;
  /** How many tenants one user may create (default 5). */
  MAX_TENANTS_PER_USER?: string;
  /** Largest upload to `PUT /files/…` in bytes (default 100 MiB). */
  MAX_UPLOAD_BYTES?: string;
  /** HMAC secret of signed file URLs (≥ 32 characters); a secret (`wrangler secret put`), never a var. */
  FILES_SIGNING_SECRET?: string;
  /** `1` under `wrangler dev` only (`npm start` sets it): without a secret, sign with a random one of this isolate. */
  FILES_SIGNING_DEV?: string;
  /** Base URL of the bucket when it is public (R2 custom domain); unset by default. */
  FILES_PUBLIC_BASE_URL?: string;
}
