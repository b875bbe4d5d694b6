// The admin HTTP protocol, shared by the router's admin routes and the `dorm`
// CLI, so both read the same prefix, routes and limits from one place. Plain
// constants and types only: the CLI runs in Node and compiles this file too, so
// nothing here may reach a Workers type (hence admin-operation-name.ts, not
// admin-types.ts).

import type { AdminOperationName } from "../app/admin-operation-name.ts";

/** The admin routes live under this path of the router, before Access. */
export const ADMIN_PATH_PREFIX = "/_dorm/admin/";

/** Each admin operation's HTTP method; its route is `ADMIN_PATH_PREFIX + name`. */
export const ADMIN_METHODS: Readonly<Record<AdminOperationName, "GET" | "POST">> = {
  migrate: "POST",
  migrations: "GET",
  "create-admin": "POST",
  stats: "GET",
  schedules: "GET",
};

/** The create-admin body is two short strings; 4 KiB is plenty. */
export const CREATE_ADMIN_BODY_LIMIT = 4 * 1024;

/** How many shards the admin routes call at once (Workers allow six open connections per invocation). */
export const ADMIN_FANOUT_CONCURRENCY = 6;

/** The media type of the streamed answer: one JSON line per shard as it finishes. */
export const ADMIN_STREAM_TYPE = "application/x-ndjson";

/** Longest `Authorization` header looked at; anything longer is refused unparsed. */
export const MAX_AUTHORIZATION_LENGTH = 1024;

/** A configured admin token shorter than this is treated as no token at all. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;
