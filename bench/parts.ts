import { IttyRouter, Router } from "itty-router";
import { readJson } from "../src/http/read-json.ts";
import { withRouterHeaders } from "../src/router/router-headers.ts";
import type { BenchEnv } from "./env.ts";
import { interleave } from "./driver.ts";
import type { RunParams, Samples } from "./driver.ts";
import type { BenchApp } from "./dorm-app.ts";

// The "parts" figure: what single pieces of the read path cost, each run
// `per` times in a loop inside workerd (whose clock advances with CPU time
// while a loop runs, at 1 ms resolution, so a sample is the mean of ~10–50 ms
// of work). It explains the read figure's overhead; it is not a target.

const ROWS = Array.from({ length: 20 }, (_, i) => ({
  id: i,
  title: `note ${i}`,
  body: "seeded for the read benchmark",
  created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
}));

/** The bench app's route table (bench/dorm-app.ts), with trivial handlers. */
function routes<R extends { get: Function; post: Function; all: Function }>(router: R): R {
  const answer = () => new Response("ok");
  router.get("/health", answer).get("/notes", answer).post("/notes", answer).post("/batch", answer).get("/files/*", answer).all("*", answer);
  return router;
}

function plain(request: Request): Response {
  const { pathname } = new URL(request.url);
  if (pathname === "/health") return new Response("ok");
  if (pathname === "/notes" && request.method === "GET") return new Response("ok");
  return new Response("ok");
}

export async function partsFigure(env: BenchEnv, params: RunParams): Promise<{ samples: Samples }> {
  const request = new Request("https://bench.test/notes", {
    headers: { "x-tenant": "read", accept: "application/json", "user-agent": "dorm-bench" },
  });
  const ray = "00000000000000ff-LHR";
  const fromEdge = new Request(request, { headers: { ...Object.fromEntries(request.headers), "cf-ray": ray } });
  const router = routes(Router());
  const itty = routes(IttyRouter());
  const note = JSON.stringify({ title: "benchmark note", body: "x".repeat(100) });
  const post = () =>
    new Request("https://bench.test/notes", { method: "POST", headers: { "content-type": "application/json", "content-length": String(note.length) }, body: note });
  const sync = (fn: () => unknown) => async () => {
    fn();
  };
  const samples = await interleave(
    [
      ["new Request(request)", sync(() => new Request(request))],
      ["router request copy (no cf-ray)", sync(() => withRouterHeaders(request, "00000000-0000-4000-8000-000000000000"))],
      ["router request (cf-ray)", sync(() => withRouterHeaders(fromEdge, ray))],
      ["crypto.randomUUID", sync(() => crypto.randomUUID())],
      ["itty Router.fetch", async () => void (await router.fetch(request))],
      ["itty IttyRouter.fetch", async () => void (await itty.fetch(request))],
      ["plain if-chain", sync(() => plain(request))],
      ["Response.json 20 rows", sync(() => Response.json(ROWS))],
      ["request.json() of a note", async () => void (await post().json())],
      ["readJson of a note", async () => void (await readJson(post()))],
    ],
    params,
  );
  // The database read, timed inside each object by an RPC method (no hop in the figure).
  const raw = env.RAW.get(env.RAW.idFromName("read"));
  const dorm = env.APP.get(env.APP.idFromName("read")) as unknown as DurableObjectStub<BenchApp>;
  samples["raw sql.exec toArray"] = [];
  samples["dorm db.all"] = [];
  for (let round = 0; round < params.rounds; round++) {
    samples["raw sql.exec toArray"].push((await raw.microRead(params.per)) / params.per);
    samples["dorm db.all"].push((await dorm.microRead(params.per)) / params.per);
  }
  return { samples };
}
