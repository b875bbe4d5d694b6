// The CLI run in-process against a stand-in router (its `fetch` is the
// test's): what it does when applied migration files were edited since.
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";

/** Runs `dorm <argv>` with a router that answers `body` as JSON. */
async function dorm(argv: string[], body: unknown) {
  let stdout = "";
  let stderr = "";
  const code = await main({
    argv,
    env: { DORM_URL: "http://127.0.0.1:1", DORM_ADMIN_TOKEN: "a-test-admin-token-0123456789" },
    cwd: process.cwd(),
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    fetch: async () => Response.json(body),
  });
  return { code, stdout, stderr };
}

const edited = { kind: "app", name: "0002_add_tags.sql" };

describe("applied migration files edited since they were applied", () => {
  it("make `dorm migrate` exit 1 naming them and the fix", async () => {
    const run = await dorm(["migrate"], {
      op: "migrate",
      ok: true,
      results: [{ shard: "acme", engine: "do", ok: true, result: { applied: [], changed: [edited] } }],
    });
    expect(run.stdout).toContain("[1/1] acme  ok  nothing to apply\n    changed since applied: app 0002_add_tags.sql\n");
    expect(run.stderr).toMatch(/^dorm: applied migration files were edited since they were applied, and the edits are not in the database: app 0002_add_tags\.sql \(acme\); revert each file, and put the change in a new migration/);
    expect(run.code).toBe(1);
  });

  it("make `dorm migrations` exit 1 too, in text and --json", async () => {
    const body = {
      op: "migrations",
      ok: true,
      results: [
        {
          shard: null,
          engine: "d1",
          ok: true,
          result: { applied: [{ ...edited, appliedAt: "2026-11-27T10:00:00.000Z", checksum: "changed" }], pending: [], missing: [] },
        },
      ],
    };
    const text = await dorm(["migrations"], body);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain("app 0002_add_tags.sql (d1)");
    const json = await dorm(["migrations", "--json"], body);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual(body);
  });

  it("leave the exit code 0 when nothing was edited", async () => {
    const run = await dorm(["migrate"], {
      op: "migrate",
      ok: true,
      results: [{ shard: "acme", engine: "do", ok: true, result: { applied: [], changed: [] } }],
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
  });
});
