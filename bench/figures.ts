import type { BenchEnv } from "./env.ts";
import { benchRequest, interleave, send } from "./driver.ts";
import type { Handler, Op, RunParams, Samples } from "./driver.ts";
import { dormAccessNoCacheWorker, dormAccessWorker, dormPlainWorker, dormRouterToRaw, dormWorker } from "./dorm-app.ts";
import { dormDirectoryWorker, dormTenantRuleWorker } from "./authorize.ts";
import { partsFigure } from "./parts.ts";
import { rawAccessWorker } from "./raw-access.ts";
import { rawWorker } from "./raw.ts";
import { scheduleFigure } from "./schedule.ts";
import { SOCKET_FIGURES } from "./sockets-figures.ts";

/** What one /run call returns to bench/run.mjs. */
export interface FigureResult {
  readonly figure: string;
  /** What each sample measures. */
  readonly unit: string;
  readonly params: RunParams & { readonly rows?: number };
  readonly samples: Samples;
}

type Params = RunParams & { rows: number };

const READ_ROWS = 20;
const FILE_NAME = "bench-1mib.bin";
const FILE_BYTES = 1024 * 1024;

/** Profile only: the raw worker in front of dorm's object (the object's share). */
const rawToDormObject: Handler = {
  fetch: (request, env) => env.APP.get(env.APP.idFromName(request.headers.get("x-tenant") ?? "default")).fetch(request),
};

/** The figures by name: each sets up its state, then times interleaved variants. */
export const FIGURES: Record<string, (env: BenchEnv, ctx: ExecutionContext, params: Params) => Promise<FigureResult>> = {
  ...SOCKET_FIGURES,
  /** The same 20-row SELECT, routed to a named object. */
  async read(env, ctx, params) {
    const sides: [string, Handler][] = [["raw", rawWorker], ["dorm", dormWorker]];
    return { figure: "read", unit: "ms/request", params, samples: await readFigure(env, ctx, params, sides) };
  },

  /** One INSERT … RETURNING (a POSTed JSON note), routed to a named object. */
  async write(env, ctx, params) {
    const note = { title: "benchmark note", body: "x".repeat(100) };
    const op = (worker: Handler): Op => async () => {
      await send(worker, env, ctx, benchRequest("/notes", "write", { method: "POST", json: note }), 201);
    };
    const samples = await interleave([["raw", op(rawWorker)], ["dorm", op(dormWorker)]], params);
    return { figure: "write", unit: "ms/request", params, samples };
  },

  /**
   * `rows` inserts in one transaction: dorm's `db.batch` (transactionSync)
   * against the raw object's transactionSync loop of `sql.exec`; "dorm" without
   * per-statement counts (like the raw loop), "dorm-counted" with them. Each round
   * uses new objects (created and migrated before the clock starts), so
   * neither side inserts into a table the other rounds grew.
   */
  async batch(env, ctx, params) {
    const samples: Samples = { raw: [], dorm: [], "dorm-counted": [] };
    const sides: [string, Handler, boolean][] = [["raw", rawWorker, false], ["dorm", dormWorker, false], ["dorm-counted", dormWorker, true]];
    const run = `${Date.now().toString(36)}`;
    for (let round = -params.warmup; round < params.rounds; round++) {
      const tenant = `batch-${run}-${round + params.warmup}`;
      for (const [name, worker] of sides) await send(worker, env, ctx, benchRequest("/health", `${tenant}-${name}`), 200);
      for (let k = 0; k < sides.length; k++) {
        const [name, worker, counts] = sides[(round + params.warmup + k) % sides.length]!;
        // Each side inserts into its own object: the counted run would otherwise grow dorm's table.
        const request = benchRequest("/batch", `${tenant}-${name}`, { method: "POST", json: { rows: params.rows, counts } });
        const start = performance.now();
        await send(worker, env, ctx, request, 200);
        if (round >= 0) samples[name]!.push(performance.now() - start);
      }
    }
    return { figure: "batch", unit: "ms/batch", params, samples };
  },

  /**
   * The 20-row read with Access: the raw worker verifying with jose once per
   * request, dorm with its verified-token cache on and off, and dorm without
   * Access in the same rounds (for the added ms per request). Keys are warm.
   */
  async access(env, ctx, params) {
    const token = accessToken(env);
    const sides: [string, Handler][] = [
      ["raw", rawAccessWorker],
      ["dorm", dormAccessWorker],
      ["dorm-nocache", dormAccessNoCacheWorker],
      ["dorm-noaccess", dormWorker],
    ];
    return { figure: "access", unit: "ms/request", params, samples: await readFigure(env, ctx, params, sides, token) };
  },

  /**
   * The 20-row read with Access, with a tenant rule in front: the demo's
   * (its directory asked, a yes remembered), the same rule asking the
   * directory object on every request, and Access without a hook.
   */
  async authorize(env, ctx, params) {
    const token = accessToken(env);
    const sides: [string, Handler][] = [
      ["dorm-access", dormAccessWorker],
      ["dorm-rule", dormTenantRuleWorker],
      ["dorm-directory", dormDirectoryWorker],
    ];
    return { figure: "authorize", unit: "ms/request", params, samples: await readFigure(env, ctx, params, sides, token) };
  },

  /** `rows` schedules made one by one, then fired by one alarm: dorm's scheduler against a hand-written alarm loop. */
  async schedule(env, _ctx, params) {
    return { figure: "schedule", unit: "ms/round", params, samples: await scheduleFigure(env, params) };
  },

  /** A 1 MiB GET: dorm's file proxy (serveFile) against the raw object's bucket.get. */
  async file(env, ctx, params) {
    const key = `tenants/files/${FILE_NAME}`;
    if ((await env.BUCKET.head(key))?.size !== FILE_BYTES) {
      const bytes = new Uint8Array(FILE_BYTES);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
      await env.BUCKET.put(key, bytes, { httpMetadata: { contentType: "application/octet-stream" } });
    }
    const op = (worker: Handler): Op => async () => {
      const body = await send(worker, env, ctx, benchRequest(`/files/${FILE_NAME}`, "files"), 200);
      if (body.byteLength !== FILE_BYTES) throw new Error(`file GET returned ${body.byteLength} bytes`);
    };
    const samples = await interleave([["raw", op(rawWorker)], ["dorm", op(dormWorker)]], params);
    return { figure: "file", unit: "ms/request", params, samples };
  },

  /** Where dorm's read time goes: each layer swapped for its raw counterpart. */
  /** Single pieces of the read path in loops (bench/parts.ts); needs the read figure's rows. */
  async parts(env, ctx, params) {
    await readFigure(env, ctx, { ...params, rounds: 0, warmup: 1 }, [["raw", rawWorker], ["dorm", dormWorker]]);
    return { figure: "parts", unit: "ms/op", params, samples: (await partsFigure(env, params)).samples };
  },

  async profile(env, ctx, params) {
    const sides: [string, Handler][] = [
      ["raw", rawWorker],
      ["dorm", dormWorker],
      ["dorm-router+raw-object", dormRouterToRaw],
      ["raw-worker+dorm-object", rawToDormObject],
      ["dorm-plain-handler", dormPlainWorker],
      ["dorm-no-cf-ray", dormWorker],
    ];
    // dorm-no-cf-ray: a request without cf-ray (local dev), which the router copies to set its id.
    const samples = await readFigure(env, ctx, params, sides, undefined, new Set(["dorm-no-cf-ray"]));
    return { figure: "profile", unit: "ms/request", params, samples };
  },
};

/** The token bench/run.mjs signed for the Access figures. */
function accessToken(env: BenchEnv): string {
  const token = env.BENCH_ACCESS_TOKEN;
  if (!token || !env.BENCH_CERTS_URL) throw new Error("BENCH_ACCESS_TOKEN and BENCH_CERTS_URL are not set");
  return token;
}

/** Seeds `read` to 20 notes on each side, checks each answers them, then times the read. */
async function readFigure(
  env: BenchEnv,
  ctx: ExecutionContext,
  params: Params,
  sides: [string, Handler][],
  token?: string,
  noRay: ReadonlySet<string> = new Set(),
): Promise<Samples> {
  for (const [name, worker] of sides) {
    const list = async () =>
      JSON.parse(new TextDecoder().decode(await send(worker, env, ctx, benchRequest("/notes", "read", { token }), 200))) as unknown[];
    let have = (await list()).length;
    for (; have < READ_ROWS; have++) {
      const json = { title: `note ${have}`, body: "seeded for the read benchmark" };
      await send(worker, env, ctx, benchRequest("/notes", "read", { method: "POST", json, token }), 201);
    }
    const rows = (await list()).length;
    if (rows !== READ_ROWS) throw new Error(`${name}: GET /notes returned ${rows} rows, expected ${READ_ROWS}`);
  }
  const op = (worker: Handler, ray: boolean): Op => async () => {
    await send(worker, env, ctx, benchRequest("/notes", "read", { token, ray }), 200);
  };
  return interleave(
    sides.map(([name, worker]) => [name, op(worker, !noRay.has(name))] as const),
    params,
  );
}

