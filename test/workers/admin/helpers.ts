import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { createWorker } from "../../../src/index.ts";
import type { AdminResponseBody } from "../../../src/admin/index.ts";
import type { RouterConfig } from "../../../src/index.ts";
import { adminRoutes } from "../../../src/admin/index.ts";
import { adminApp } from "../fixtures/admin-app.ts";

let counter = 0;

/** A shard name no other test uses. */
export const fresh = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${counter++}`;

/** A stub of the admin fixture (autoMigrate off) under a new name. */
export function adminStub(name = fresh("admin")) {
  return env.ADMIN_APP.get(env.ADMIN_APP.idFromName(name));
}

/** The built-in users table and the fixture's two files, in application order. */
export const ALL_MIGRATIONS = [
  { kind: "builtin", name: "0001_dorm_users.sql" },
  { kind: "app", name: "0001_items.sql" },
  { kind: "app", name: "0002_tags.sql" },
] as const;

/** A token long enough to be accepted as configured. */
export const TOKEN = "test-admin-token-0123456789abcdef";

/** The routes every test router mounts unless it says otherwise. */
const ROUTES = adminRoutes<Cloudflare.Env>({ token: () => TOKEN });

/**
 * The error an RPC call rejected with, as `Name: message`. Awaited here, in one
 * place: handing the stub's RPC promise to `expect(...).rejects` leaves a
 * second, unhandled rejection behind in this pool. The name is the thrower's:
 * RPC keeps an error's name and own properties (`code`) from compatibility
 * date 2026-04-21 (`enhanced_error_serialization`).
 */
export async function rejection(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return String(error);
  }
  throw new Error("the call resolved; a rejection was expected");
}

/** The admin routes with another token (`undefined`: the default, `env.ADMIN_TOKEN`). */
export function routesWithToken(token: ((env: Cloudflare.Env) => string | undefined) | undefined) {
  return adminRoutes<Cloudflare.Env>(token === undefined ? {} : { token });
}

/** Runs one request through a router built from `config` (binding ADMIN_APP, the admin fixture's app and TOKEN by default). */
export async function route(
  config: Partial<RouterConfig<Cloudflare.Env>> & Pick<RouterConfig<Cloudflare.Env>, "shard">,
  request: Request,
  testEnv: Cloudflare.Env = env,
): Promise<Response> {
  const worker = createWorker<Cloudflare.Env>({ binding: "ADMIN_APP", app: adminApp, admin: ROUTES, ...config });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, testEnv, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/**
 * `route` for a streamed answer: the body is read before waiting on the
 * execution context, since the streaming work waits for its reader.
 */
export async function routeText(
  config: Partial<RouterConfig<Cloudflare.Env>> & Pick<RouterConfig<Cloudflare.Env>, "shard">,
  request: Request,
): Promise<{ response: Response; text: string }> {
  const worker = createWorker<Cloudflare.Env>({ binding: "ADMIN_APP", app: adminApp, admin: ROUTES, ...config });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, env, ctx);
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  return { response, text };
}

/** An admin request with the right token unless `headers` says otherwise. */
export function adminRequest(path: string, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  if (!headers.has("authorization")) headers.set("authorization", `Bearer ${TOKEN}`);
  return new Request(`https://dorm.test/_dorm/admin/${path}`, { ...init, headers });
}

/** The JSON body of an admin answer. */
export type AdminBody = AdminResponseBody & { error?: string; message?: string };
