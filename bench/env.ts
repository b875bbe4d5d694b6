import type { RawObject } from "./raw.ts";

/** Bindings and vars of bench/wrangler.toml. */
export interface BenchEnv {
  RAW: DurableObjectNamespace<RawObject>;
  APP: DurableObjectNamespace;
  APP_ACCESS: DurableObjectNamespace;
  APP_ACCESS_NOCACHE: DurableObjectNamespace;
  APP_PLAIN: DurableObjectNamespace;
  /** The sockets figures: a hand-written hibernating object, and dorm with dorm/sockets. */
  RAW_SOCKETS: DurableObjectNamespace;
  APP_SOCKETS: DurableObjectNamespace;
  /** The tenant directory of the demo (the "authorize" figure). */
  DIRECTORY: DurableObjectNamespace<import("../examples/notes/src/directory.ts").TenantDirectory>;
  /** The "schedule" figure: a hand-written alarm loop, and dorm's scheduler (bench/schedule.ts). */
  RAW_ALARM: DurableObjectNamespace;
  SCHEDULE_APP: DurableObjectNamespace;
  BUCKET: R2Bucket;
  DATABASE_MODE?: string;
  ADMIN_TOKEN?: string;
  /** The loopback key server's JWKS (bench/run.mjs), for the Access figures. */
  BENCH_CERTS_URL?: string;
  /** A token that key server's key signed, valid for the whole run. */
  BENCH_ACCESS_TOKEN?: string;
}

/** What the Access figures expect of the token bench/run.mjs signs. */
export const BENCH_ACCESS = {
  teamName: "dorm-bench",
  issuer: "https://dorm-bench.cloudflareaccess.com",
  aud: "dorm-bench-aud",
} as const;
