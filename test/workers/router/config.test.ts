import { describe, expect, it } from "vitest";
import { ConfigError, byHeader, createWorker, custom, ring, singleton } from "../../../src/index.ts";
import type { RouterConfig } from "../../../src/index.ts";

function configError(config: unknown): ConfigError {
  try {
    createWorker(config as RouterConfig);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("createWorker accepted a bad configuration");
}

describe("createWorker configuration", () => {
  const shard = singleton();

  it("refuses a bad configuration at creation, naming the option", () => {
    const cases: Array<[unknown, string]> = [
      [undefined, "createWorker"],
      [{ shard }, "binding"],
      [{ binding: "", shard }, "binding"],
      [{ binding: "ECHO" }, "shard"],
      [{ binding: "ECHO", shard: { resolve: "x" } }, "shard"],
      [{ binding: "ECHO", shard, shardPattern: "^a$" }, "shardPattern"],
      [{ binding: "ECHO", shard, shardPattern: /^[a-z]+$/g }, "shardPattern"],
      [{ binding: "ECHO", shard, shardPattern: /^[a-z]+$/y }, "shardPattern"],
      [{ binding: "ECHO", shard, locationHint: "West Europe" }, "locationHint"],
      [{ binding: "ECHO", shard, jurisdiction: 1 }, "jurisdiction"],
      [{ binding: "ECHO", shard, app: {} }, "app"],
      [{ binding: "ECHO", shard, d1: {} }, "d1"],
      [{ binding: "ECHO", shard, admin: { step: 1 } }, "admin"],
      [{ binding: "ECHO", shard, access: { teamName: "acme" } }, "access"],
      [{ binding: "ECHO", shard: singleton("Main") }, "shard"],
      [{ binding: "ECHO", shard: byHeader("X-Tenant", { default: "../x" }) }, "shard"],
      [{ binding: "ECHO", shard: custom(() => null, { shards: ["ok", "Not OK"] }) }, "shard"],
      [{ binding: "ECHO", shard: ring({ shards: 2, key: () => "k", prefix: "Shard_" }) }, "shard"],
    ];
    for (const [config, option] of cases) {
      const error = configError(config);
      expect(error.option, option).toBe(option);
      expect(error.code).toBe("invalid_config");
      expect(error.message.startsWith(`${option}: `), error.message).toBe(true);
    }
  });

  it("checks default and ring names against a custom pattern", () => {
    expect(() =>
      createWorker({ binding: "ECHO", shard: singleton("Main"), shardPattern: /^[A-Za-z]+$/ }),
    ).not.toThrow();
    expect(() =>
      createWorker({ binding: "ECHO", shard: ring({ shards: 3, key: () => "k" }), shardPattern: /^[a-z]+$/ }),
    ).toThrow(/^shard: names a shard that does not match shardPattern/);
  });

  it("accepts a valid configuration", () => {
    const worker = createWorker({
      binding: "ECHO",
      shard: ring({ shards: 1024, key: () => "k" }),
      locationHint: "weur",
      jurisdiction: "eu",
    });
    expect(typeof worker.fetch).toBe("function");
  });
});
