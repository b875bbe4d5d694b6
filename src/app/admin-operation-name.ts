// Its own file, free of Workers types: src/admin/protocol.ts imports it, and
// the `dorm` CLI compiles that file in Node.

/** The admin operations, by the name their HTTP route and CLI command use. */
export type AdminOperationName = "migrate" | "migrations" | "create-admin" | "stats" | "schedules";
