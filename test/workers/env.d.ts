// Bindings of test/workers/wrangler.toml, for `env` from cloudflare:workers.
declare namespace Cloudflare {
  interface Env {
    APP: DurableObjectNamespace<import("../../examples/notes/src/notes-app.ts").NotesApp>;
    DIRECTORY: DurableObjectNamespace<import("../../examples/notes/src/directory.ts").TenantDirectory>;
    SQL: DurableObjectNamespace<import("./fixtures/sql-object.ts").SqlObject>;
    ECHO: DurableObjectNamespace;
    TEST_APP: DurableObjectNamespace<import("./fixtures/test-app.ts").TestApp>;
    FEATURE_APP: DurableObjectNamespace<import("./fixtures/feature-app.ts").FeatureApp>;
    SCHEDULE_APP: DurableObjectNamespace<import("./fixtures/schedule-app.ts").ScheduleApp>;
    SOCKETS_APP: DurableObjectNamespace<import("./fixtures/sockets-app.ts").SocketsApp>;
    SOCKETS_ACCESS_APP: DurableObjectNamespace<import("./fixtures/sockets-app.ts").SocketsAccessApp>;
    BROKEN_APP: DurableObjectNamespace<import("./fixtures/broken-app.ts").BrokenApp>;
    MANUAL_APP: DurableObjectNamespace<import("./fixtures/manual-app.ts").ManualApp>;
    ADMIN_APP: DurableObjectNamespace<import("./fixtures/admin-app.ts").AdminApp>;
    ADMIN_RECOVER_APP: DurableObjectNamespace<import("./fixtures/admin-recover-app.ts").AdminRecoverApp>;
    ACCESS_APP: DurableObjectNamespace<import("./fixtures/access-app.ts").AccessApp>;
    ACCESS_HOOK_APP: DurableObjectNamespace<import("./fixtures/access-app.ts").AccessHookApp>;
    DB: D1Database;
    BUCKET: R2Bucket;
    /** A second binding of BUCKET's bucket (files tests: "another worker"). */
    BUCKET_TWIN: R2Bucket;
    MAX_UPLOAD_BYTES?: string;
    FILES_SIGNING_SECRET?: string;
    FILES_PUBLIC_BASE_URL?: string;
    DATABASE_MODE?: string;
    MAX_TENANTS_PER_USER?: string;
  }
}
