import { createRemoteJWKSet, jwtVerify } from "jose";
import { BENCH_ACCESS } from "./env.ts";
import type { BenchEnv } from "./env.ts";
import { rawWorker } from "./raw.ts";

// The raw reference for the Access figure: what a user writes by hand with
// jose: one module-scope remote key set, one jwtVerify per request in the
// worker, then the raw forward. No user row, no second check in the object.

let keys: ReturnType<typeof createRemoteJWKSet> | undefined;

export const rawAccessWorker = {
  async fetch(request: Request, env: BenchEnv): Promise<Response> {
    const token = request.headers.get("cf-access-jwt-assertion");
    if (!token || !env.BENCH_CERTS_URL) return new Response("unauthorized", { status: 401 });
    keys ??= createRemoteJWKSet(new URL(env.BENCH_CERTS_URL));
    try {
      await jwtVerify(token, keys, {
        issuer: BENCH_ACCESS.issuer,
        audience: BENCH_ACCESS.aud,
        algorithms: ["RS256"],
      });
    } catch {
      return new Response("unauthorized", { status: 401 });
    }
    return rawWorker.fetch(request, env);
  },
};
