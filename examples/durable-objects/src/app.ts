import { IttyRouter } from "itty-router";
import type { IRequest } from "itty-router";
import { defineApp, HttpError, readJson, sql } from "dorm";
import type { AppContext } from "dorm";
import { migrations } from "../migrations/manifest.ts";

/** Bindings of wrangler.toml. */
export interface Env {
  APP: DurableObjectNamespace;
}

type Ctx = AppContext<Env>;
const router = IttyRouter<IRequest, [Ctx]>();

/** Todos per page of GET /todos: every list a client can ask for is bounded. */
const PAGE = 50;

router
  // A page of todos after ?after= (the last id of the previous page; none: the first page).
  .get("/todos", async (request, { db }) => {
    const after = new URL(request.url).searchParams.get("after") ?? "0";
    if (!/^[0-9]{1,15}$/.test(after)) throw new HttpError(400, "invalid_cursor", "after must be a todo id");
    return Response.json(await db.all(sql`select id, text, done, created_at from todos where id > ${Number(after)} order by id limit ${PAGE}`));
  })
  .post("/todos", async (request, { db }) => {
    const input = (await readJson(request)) as { text?: unknown };
    if (typeof input?.text !== "string" || input.text.trim() === "") {
      throw new HttpError(400, "invalid_field", "text must be a non-empty string");
    }
    const todo = await db.first(sql`insert into todos (text) values (${input.text}) returning *`);
    return Response.json(todo, { status: 201 });
  })
  .all("*", () => {
    throw new HttpError(404, "not_found", "no such route");
  });

/** The app: one definition, hosted by the Durable Object below. */
export const todoApp = defineApp<Env>({ fetch: router, migrations });
