import { DurableObject } from "cloudflare:workers";

// The reference for every figure: a Durable Object written by hand, as a
// user would without a framework. Worker → idFromName → stub.fetch → DO →
// ctx.storage.sql.exec, nothing else. It does the same SQL as the dorm app
// (bench/dorm-app.ts) and answers the same JSON.

/** The bindings this file needs (bench/wrangler.toml and raw.wrangler.toml). */
export interface RawEnv {
  RAW: DurableObjectNamespace<RawObject>;
  BUCKET: R2Bucket;
}

/** The raw worker: one object per `X-Tenant`, the request passed through untouched. */
export const rawWorker = {
  async fetch(request: Request, env: RawEnv): Promise<Response> {
    const tenant = request.headers.get("x-tenant") ?? "default";
    return env.RAW.get(env.RAW.idFromName(tenant)).fetch(request);
  },
};

export default rawWorker;

/** The same table as examples/notes/migrations/0001 and 0002 make, created by hand. */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS notes (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  title      TEXT NOT NULL,
  body       TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  tenant     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS notes_created_at ON notes (created_at);
CREATE INDEX IF NOT EXISTS notes_tenant_id ON notes (tenant, id);
`;

export class RawObject extends DurableObject<RawEnv> {
  constructor(ctx: DurableObjectState, env: RawEnv) {
    super(ctx, env);
    ctx.storage.sql.exec(SCHEMA);
  }

  override async fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    const sql = this.ctx.storage.sql;

    if (pathname === "/health") return Response.json({ ok: true });

    if (pathname === "/notes" && request.method === "GET") {
      const rows = sql.exec("select id, title, body, created_at from notes order by created_at desc, id desc limit 20");
      return Response.json(rows.toArray());
    }

    if (pathname === "/notes" && request.method === "POST") {
      const input = await request.json<{ title?: unknown; body?: unknown }>();
      const { title, body = "" } = input;
      if (typeof title !== "string" || title === "" || typeof body !== "string") {
        return Response.json({ error: "invalid_body" }, { status: 400 });
      }
      const note = sql
        .exec("insert into notes (title, body) values (?, ?) returning id, title, body, created_at", title, body)
        .one();
      return Response.json(note, { status: 201 });
    }

    if (pathname === "/batch" && request.method === "POST") {
      const { rows } = await request.json<{ rows: number }>();
      this.ctx.storage.transactionSync(() => {
        for (let i = 0; i < rows; i++) sql.exec("insert into notes (title, body) values (?, ?)", `note ${i}`, "batch");
      });
      return Response.json({ inserted: rows });
    }

    if (pathname.startsWith("/files/") && request.method === "GET") {
      const key = `tenants/${this.ctx.id.name}/${decodeURIComponent(pathname.slice("/files/".length))}`;
      const object = await this.env.BUCKET.get(key);
      if (object === null) return Response.json({ error: "not_found" }, { status: 404 });
      const headers = new Headers();
      object.writeHttpMetadata(headers);
      headers.set("etag", object.httpEtag);
      headers.set("content-length", String(object.size));
      return new Response(object.body, { headers });
    }

    return Response.json({ error: "not_found" }, { status: 404 });
  }

  /** Parts figure only: ms for `n` runs of the 20-row read's `sql.exec(…).toArray()`, timed in here. */
  microRead(n: number): number {
    const sql = this.ctx.storage.sql;
    const start = performance.now();
    for (let i = 0; i < n; i++) sql.exec("select id, title, body, created_at from notes order by created_at desc, id desc limit 20").toArray();
    return performance.now() - start;
  }
}
