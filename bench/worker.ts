import type { BenchEnv } from "./env.ts";
import { FIGURES } from "./figures.ts";

// The bench worker's entry (bench/wrangler.toml). bench/run.mjs runs it in
// workerd and calls GET /run?figure=… once per figure: the whole figure is
// timed in here, inside workerd, and returned as JSON.

export { RawObject } from "./raw.ts";
export { BenchAccessApp, BenchAccessNoCacheApp, BenchApp, BenchPlainApp } from "./dorm-app.ts";
export { BenchSocketsApp, RawSocketObject } from "./sockets-objects.ts";
export { TenantDirectory } from "../examples/notes/src/directory.ts";
export { RawAlarmObject, ScheduleBenchApp } from "./schedule.ts";

function int(url: URL, name: string, fallback: number): number {
  const value = Number(url.searchParams.get(name) ?? fallback);
  return Number.isSafeInteger(value) && value >= 0 ? value : fallback;
}

export default {
  async fetch(request: Request, env: BenchEnv, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname !== "/run") return Response.json({ error: "not_found" }, { status: 404 });
    const figure = url.searchParams.get("figure") ?? "";
    const run = FIGURES[figure];
    if (!run) return Response.json({ error: `unknown figure ${figure}` }, { status: 400 });
    const params = {
      rounds: int(url, "rounds", 20),
      per: int(url, "per", 20),
      warmup: int(url, "warmup", 20),
      rows: int(url, "rows", 10_000),
    };
    try {
      const start = performance.now();
      const result = await run(env, ctx, params);
      return Response.json({ ...result, elapsedMs: performance.now() - start });
    } catch (error) {
      const message = error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error);
      return Response.json({ error: message }, { status: 500 });
    }
  },
} satisfies ExportedHandler<BenchEnv>;
