import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sql } from "../../../src/index.ts";
import { createD1Database } from "../../../src/db/d1-database.ts";
import { expectDatabaseError } from "./engines.ts";

describe("createD1Database", () => {
  it("names its engine", () => {
    expect(createD1Database(env.DB).engine).toBe("d1");
  });

  it("refuses transaction(), names batch as the way to atomicity, and never calls fn", async () => {
    const db = createD1Database(env.DB);
    let called = false;
    const error = await expectDatabaseError(
      db.transaction(async () => {
        called = true;
      }),
      "transaction_unsupported",
    );
    expect(error.message).toMatch(/db\.batch\(/);
    expect(called).toBe(false);
  });

  it("returns an infinite REAL as null, as local D1 hands it over (a known divergence from DO)", async () => {
    expect(await createD1Database(env.DB).first("select 1e999 as inf")).toEqual({ inf: null });
  });

  it("applies nothing of a batch whose second statement fails, as seen by the raw binding", async () => {
    const db = createD1Database(env.DB);
    await db.run("create table d1_batch (v text check (length(v) < 5))");
    const attempt = db.batch([sql`insert into d1_batch values (${"ok"})`, sql`insert into d1_batch values (${"too long"})`]);
    await expectDatabaseError(attempt, "constraint_violation", "check");
    expect((await env.DB.prepare("select count(*) n from d1_batch").first())?.n).toBe(0);
  });
});
