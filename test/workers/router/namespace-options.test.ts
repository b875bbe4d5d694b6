import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { singleton } from "../../../src/index.ts";
import { json, route } from "./helpers.ts";
import type { Echo } from "./helpers.ts";

/**
 * Wraps the real ECHO binding and records what the router asks of it; the
 * real namespace still derives the ids and serves the requests. Local workerd
 * does not implement jurisdictions ("Jurisdiction restrictions are not
 * implemented in workerd"), so `jurisdiction()` records and returns a
 * recording wrapper of the same real namespace.
 */
function spyNamespace(real: DurableObjectNamespace) {
  const calls: { jurisdiction: string[]; idFromName: string[]; get: unknown[] } = {
    jurisdiction: [],
    idFromName: [],
    get: [],
  };
  const wrap = (ns: DurableObjectNamespace, via: string | null) => ({
    via,
    idFromName(name: string) {
      calls.idFromName.push(`${via ?? "-"}:${name}`);
      return ns.idFromName(name);
    },
    get(id: DurableObjectId, options?: DurableObjectNamespaceGetDurableObjectOptions) {
      calls.get.push({ via, options });
      return ns.get(id, options);
    },
    jurisdiction(jurisdiction: DurableObjectJurisdiction) {
      calls.jurisdiction.push(jurisdiction);
      return wrap(ns, jurisdiction);
    },
  });
  return { namespace: wrap(real, null), calls };
}

describe("namespace options", () => {
  it("pass the location hint to get() and the jurisdiction before idFromName()", async () => {
    const { namespace, calls } = spyNamespace(env.ECHO);
    const response = await route(
      { shard: singleton("eu-tenant"), locationHint: "weur", jurisdiction: "eu" },
      new Request("https://x.test/"),
      { ECHO: namespace },
    );
    expect((await json<Echo>(response)).name).toBe("eu-tenant");
    expect(calls.jurisdiction).toEqual(["eu"]);
    // The id came from the jurisdiction-scoped namespace, not the bare one.
    expect(calls.idFromName).toEqual(["eu:eu-tenant"]);
    expect(calls.get).toEqual([{ via: "eu", options: { locationHint: "weur" } }]);
  });

  it("pass nothing when neither is configured", async () => {
    const { namespace, calls } = spyNamespace(env.ECHO);
    const response = await route({ shard: singleton("plain") }, new Request("https://x.test/"), { ECHO: namespace });
    expect((await json<Echo>(response)).name).toBe("plain");
    expect(calls.jurisdiction).toEqual([]);
    expect(calls.get).toEqual([{ via: null, options: {} }]);
  });

  it("a location hint works against the real binding", async () => {
    const response = await route({ shard: singleton("hinted"), locationHint: "apac" }, new Request("https://x.test/"));
    expect((await json<Echo>(response)).name).toBe("hinted");
  });
});
