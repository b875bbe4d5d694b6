import { IttyRouter } from "itty-router";
import type { IRequest } from "itty-router";
import { byHeader, createWorker, defineApp, DurableApp, HttpError, readJson, sql } from "../src/index.ts";
import type { AppContext, AppOptions, RouterWorker } from "../src/index.ts";
import { access as accessFeature } from "../src/access/index.ts";
import type { AccessFeature, AccessFeatureOptions } from "../src/access/index.ts";
import { adminApi, adminRoutes } from "../src/admin/index.ts";
import { d1Mode } from "../src/d1/index.ts";
import { nameFromPath, R2Storage, requireValidSignature, serveFile } from "../src/files/index.ts";
import { migrations } from "../examples/notes/migrations/manifest.ts";
import { BENCH_ACCESS } from "./env.ts";
import type { BenchEnv } from "./env.ts";

// The dorm side of every figure: an app written as the README and the demo
// write one (itty-router, the `sql` tag, `readJson`, `ctx.files`), run by a
// DurableApp subclass behind createWorker, with the demo's migrations (the
// same notes table the raw object creates by hand). Same SQL, same JSON.

type Ctx = AppContext<BenchEnv>;

async function listNotes(_request: Request, { db }: Ctx): Promise<Response> {
  return Response.json(
    await db.all(sql`select id, title, body, created_at from notes order by created_at desc, id desc limit 20`),
  );
}

async function createNote(request: Request, { db }: Ctx): Promise<Response> {
  const { title, body = "" } = (await readJson(request)) as { title?: unknown; body?: unknown };
  if (typeof title !== "string" || title === "" || typeof body !== "string") {
    throw new HttpError(400, "invalid_body", "title and body must be strings");
  }
  const note = await db.first(
    sql`insert into notes (title, body) values (${title}, ${body}) returning id, title, body, created_at`,
  );
  return Response.json(note, { status: 201 });
}

/**
 * 10,000 rows in one `db.batch` (one transactionSync), like the raw object's
 * loop: without per-statement counts (the raw loop reads none), or with them
 * when the body says `counts: true` (the "batch counted" line).
 */
async function insertBatch(request: Request, { db }: Ctx): Promise<Response> {
  const { rows, counts = false } = (await readJson(request)) as { rows: number; counts?: boolean };
  const queries = [];
  for (let i = 0; i < rows; i++) queries.push(sql`insert into notes (title, body) values (${`note ${i}`}, ${"batch"})`);
  if (counts) await db.batch(queries);
  else await db.batch(queries, { counts: false });
  return Response.json({ inserted: rows });
}

async function getFile(request: Request, { files }: Ctx): Promise<Response> {
  const name = nameFromPath(new URL(request.url).pathname, "/files/");
  await requireValidSignature(request, files);
  return serveFile(request, files, name);
}

function notFound(request: Request): never {
  throw new HttpError(404, "not_found", `no route for ${new URL(request.url).pathname}`);
}

// The demo's router (examples/notes/src/app.ts).
const router = IttyRouter<IRequest, [Ctx]>();
router
  .get("/health", () => Response.json({ ok: true }))
  .get("/notes", listNotes)
  .post("/notes", createNote)
  .post("/batch", insertBatch)
  .get("/files/*", getFile)
  .all("*", notFound);

const files = (env: BenchEnv, shard: string) => new R2Storage({ binding: env.BUCKET, location: `tenants/${shard}/` });

const base: AppOptions<BenchEnv> = {
  fetch: router,
  migrations,
  files,
  admin: adminApi(),
};

/** Access for the bench: the loopback key server bench/run.mjs starts (`options`: an authorize hook). */
export function access(tokenCache: boolean, options: AccessFeatureOptions<BenchEnv> = {}): AccessFeature<BenchEnv> {
  return accessFeature<BenchEnv>((env) => {
    if (!env.BENCH_CERTS_URL) throw new Error("BENCH_CERTS_URL is not set (bench/run.mjs passes it)");
    return { teamName: BENCH_ACCESS.teamName, aud: BENCH_ACCESS.aud, certsUrl: env.BENCH_CERTS_URL, tokenCache };
  }, options);
}

export const benchApp = defineApp<BenchEnv>(base);
export const benchAccessApp = defineApp<BenchEnv>({ ...base, access: access(true) });
export const benchAccessNoCacheApp = defineApp<BenchEnv>({ ...base, access: access(false) });

/** Profile only: the same handlers behind a plain function instead of itty-router. */
export const benchPlainApp = defineApp<BenchEnv>({
  ...base,
  fetch: (request, ctx) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/health") return Response.json({ ok: true });
    if (pathname === "/notes" && request.method === "GET") return listNotes(request, ctx);
    if (pathname === "/notes" && request.method === "POST") return createNote(request, ctx);
    if (pathname === "/batch" && request.method === "POST") return insertBatch(request, ctx);
    if (pathname.startsWith("/files/") && request.method === "GET") return getFile(request, ctx);
    return notFound(request);
  },
});

export class BenchApp extends DurableApp<BenchEnv> {
  static override app = benchApp;

  /** Parts figure only: ms for `n` runs of the 20-row read's `db.all`, timed in here. */
  async microRead(n: number): Promise<number> {
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      await this.db.all(sql`select id, title, body, created_at from notes order by created_at desc, id desc limit 20`);
    }
    return performance.now() - start;
  }
}
export class BenchAccessApp extends DurableApp<BenchEnv> {
  static override app = benchAccessApp;
}
export class BenchAccessNoCacheApp extends DurableApp<BenchEnv> {
  static override app = benchAccessNoCacheApp;
}
export class BenchPlainApp extends DurableApp<BenchEnv> {
  static override app = benchPlainApp;
}

/** A router configured as the demo's (tenant header, mode from a var, admin token). */
function demoRouter(binding: string, app?: typeof benchApp): RouterWorker<BenchEnv> {
  return createWorker<BenchEnv>({
    binding,
    shard: byHeader("x-tenant", { default: "default" }),
    // Without an app there is no D1 mode to choose (the router-only profile).
    ...(app && { app, d1: d1Mode<BenchEnv>({ mode: (env) => env.DATABASE_MODE }) }),
    admin: adminRoutes<BenchEnv>({ token: (env) => env.ADMIN_TOKEN }),
  });
}

/** dorm: router worker → BenchApp. */
export const dormWorker = demoRouter("APP", benchApp);
/** dorm with Access: the router pre-checks the token, the object checks it again. */
export const dormAccessWorker = demoRouter("APP_ACCESS", benchAccessApp);
export const dormAccessNoCacheWorker = demoRouter("APP_ACCESS_NOCACHE", benchAccessNoCacheApp);
/** Profile: dorm's router in front of the raw object (the router's share). */
export const dormRouterToRaw = demoRouter("RAW");
/** Profile: dorm with a plain fetch function as the app (itty-router's share). */
export const dormPlainWorker = demoRouter("APP_PLAIN", benchPlainApp);
