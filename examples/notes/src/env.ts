/** The demo's bindings and settings (root wrangler.toml). */
export interface Env {
  APP: DurableObjectNamespace;
  DB: D1Database;
  BUCKET: R2Bucket;
  /** `do` (default) runs the app in a Durable Object per tenant; `d1` in the router on D1. */
  DATABASE_MODE?: string;
}
