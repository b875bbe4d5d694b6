// Bindings of test/workers/wrangler.toml, for `env` from cloudflare:workers.
declare namespace Cloudflare {
  interface Env {
    APP: DurableObjectNamespace<import("../../examples/notes/src/notes-app.ts").NotesApp>;
    SQL: DurableObjectNamespace<import("./fixtures/sql-object.ts").SqlObject>;
    ECHO: DurableObjectNamespace;
    TEST_APP: DurableObjectNamespace<import("./fixtures/test-app.ts").TestApp>;
    BROKEN_APP: DurableObjectNamespace<import("./fixtures/broken-app.ts").BrokenApp>;
    MANUAL_APP: DurableObjectNamespace<import("./fixtures/manual-app.ts").ManualApp>;
    DB: D1Database;
    BUCKET: R2Bucket;
    DATABASE_MODE?: string;
  }
}
