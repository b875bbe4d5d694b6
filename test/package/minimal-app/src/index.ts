// The minimal app of the package's bundle budget: dorm's router, a
// DurableApp, the sql tag and migrations, and nothing else (no routing
// library, no Access, no files). Two routes, by hand.
import { byHeader, createWorker, defineApp, DurableApp, HttpError, readJson, sql } from "dorm";
import type { AppContext } from "dorm";
import { migrations } from "../migrations/manifest.ts";

export interface Env {
  APP: DurableObjectNamespace;
}

async function todos(request: Request, { db }: AppContext<Env>): Promise<Response> {
  if (request.method === "GET") {
    return Response.json(await db.all(sql`select id, text, done, created_at from todos order by id`));
  }
  if (request.method !== "POST") {
    throw new HttpError(405, "method_not_allowed", "use GET or POST", { headers: { allow: "GET, POST" } });
  }
  const input = (await readJson(request)) as { text?: unknown } | null;
  if (typeof input?.text !== "string" || input.text.trim() === "") {
    throw new HttpError(400, "invalid_field", "text must be a non-empty string");
  }
  return Response.json(await db.first(sql`insert into todos (text) values (${input.text}) returning *`), { status: 201 });
}

export const app = defineApp<Env>({
  migrations,
  fetch(request, ctx) {
    if (new URL(request.url).pathname === "/todos") return todos(request, ctx);
    throw new HttpError(404, "not_found", "no such route");
  },
});

export class TodoApp extends DurableApp<Env> {
  static override app = app;
}

export default createWorker<Env>({ binding: "APP", shard: byHeader("x-tenant", { default: "default" }) });
