import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("test harness", () => {
  it("runs inside workerd with SQLite-backed objects that know their name", async () => {
    const stub = env.SQL.get(env.SQL.idFromName("smoke"));
    const result = await runInDurableObject(stub, (_instance, state) => {
      const row = state.storage.sql.exec("select 1 + 1 as two").one();
      return { two: row.two, name: state.id.name };
    });
    expect(result).toEqual({ two: 2, name: "smoke" });
  });
});
