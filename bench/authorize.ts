import { byHeader, createWorker } from "../src/index.ts";
import type { AccessAuthorizeHook } from "../src/access/index.ts";
import type { Env as DemoEnv } from "../examples/notes/src/env.ts";
import { authorizeTenant, directory, principalOf } from "../examples/notes/src/tenants.ts";
import { access, benchAccessApp } from "./dorm-app.ts";
import type { BenchEnv } from "./env.ts";

// The "authorize" figure: the 20-row read with Access on (BenchAccessApp),
// behind routers that add the demo's tenant rule (examples/notes/src/tenants.ts)
// in front of the object, against the same router without a hook.

// The demo's rule reads only DIRECTORY and MAX_TENANTS_PER_USER of its env.
const demoRule = authorizeTenant as unknown as AccessAuthorizeHook<BenchEnv>;

/** The demo's rule without its cache: the directory object asked on every request (the hop itself). */
const everyTime: AccessAuthorizeHook<BenchEnv> = async ({ identity, shard, env }) => {
  const answer = await directory(env as unknown as DemoEnv).admit(shard, identity && principalOf(identity), 5);
  return answer === "member" || answer === "created";
};

function withRule(authorize: AccessAuthorizeHook<BenchEnv>) {
  return createWorker<BenchEnv>({
    binding: "APP_ACCESS",
    shard: byHeader("x-tenant", { default: "default" }),
    app: benchAccessApp,
    access: access(true, { authorize }),
  });
}

/** The demo's rule as the demo runs it: a yes remembered 30 s per isolate. */
export const dormTenantRuleWorker = withRule(demoRule);
/** The rule asking the directory every time. */
export const dormDirectoryWorker = withRule(everyTime);
