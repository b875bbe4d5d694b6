// Bindings of test/workers/wrangler.toml, for `env` from cloudflare:workers.
declare namespace Cloudflare {
  interface Env {
    APP: DurableObjectNamespace;
    SQL: DurableObjectNamespace<import("./fixtures/sql-object.ts").SqlObject>;
    ECHO: DurableObjectNamespace;
    TEST_APP: DurableObjectNamespace;
    DB: D1Database;
    BUCKET: R2Bucket;
  }
}
