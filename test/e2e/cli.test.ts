// The real `dorm` CLI (bin/dorm.js in a child process, as `npx dorm` runs it)
// against the demo under `wrangler dev`: its own server with ADMIN_TOKEN set,
// one in Durable Object mode and one in D1 mode.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson, tenantClient, uniqueTenant } from "./support/client.ts";
import { freePort } from "./support/free-port.ts";
import { dorm, DORM_BIN } from "./support/dorm-cli.ts";
import type { CliRun } from "./support/dorm-cli.ts";
import { tempTree } from "./support/temp-tree.ts";
import { ROOT, removeDir, startDev } from "./support/wrangler-dev.ts";
import type { DevServer } from "./support/wrangler-dev.ts";

const TOKEN = "e2e-admin-token-4f6d2a9c1b7e";

/** The one `dorm: …` line a failure prints; fails the test on anything else (a stack trace, say). */
function oneLine(run: CliRun): string {
  const lines = run.stderr.trimEnd().split("\n");
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^dorm: /);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return lines[0] ?? "";
}

type Json = Record<string, any>;

/** Runs `node ARGS...` in `cwd` to its end (what `dorm()` does not run: tsc, another copy of the CLI). */
function node(args: string[], cwd: string): CliRun {
  const result = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Makes temporary folders for a describe block, removed after its tests. */
function temporaryFolders(prefix: string): () => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

function parsed(run: CliRun): Json {
  try {
    return JSON.parse(run.stdout) as Json;
  } catch {
    throw new Error(`stdout is not JSON:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

describe("dorm CLI against wrangler dev (Durable Object mode)", () => {
  let dev: DevServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    dev = await startDev({ vars: { ADMIN_TOKEN: TOKEN } });
    env = { DORM_URL: dev.url, DORM_ADMIN_TOKEN: TOKEN };
  }, 180_000);

  afterAll(async () => {
    await dev?.stop();
    if (dev) removeDir(dev.persistDir);
  });

  it("migrate: a progress line for the default shard, exit 0", async () => {
    const run = await dorm(["migrate"], { env });
    expect(run.code, run.stderr).toBe(0);
    // The demo migrates each object when it starts, so the RPC finds nothing left.
    expect(run.stdout).toContain("migrate on 1 shard\n");
    expect(run.stdout).toMatch(/^\[1\/1\] default {2}ok {2}nothing to apply$/m);
    expect(run.stdout).toContain("migrate: 1 of 1 ok");
    expect(run.stderr).toBe("");
  });

  it("migrate --json: the router's answer", async () => {
    const tenant = uniqueTenant("cli");
    const run = await dorm(["migrate", "--json", "--shard", tenant], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(parsed(run)).toEqual({
      op: "migrate",
      ok: true,
      results: [{ shard: tenant, engine: "do", ok: true, result: { applied: [], changed: [] } }],
    });
  });

  it("migrations: applied files with time and checksum status, and --json", async () => {
    const tenant = uniqueTenant("cli");
    const run = await dorm(["migrations", "--shard", tenant], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^\\[1/1\\] ${tenant} {2}ok {2}4 applied, 0 pending$`, "m"));
    expect(run.stdout).toMatch(/^ {4}applied {2}\d{4}-\d{2}-\d{2}T\S+Z {2}builtin 0001_dorm_users\.sql {2}checksum ok$/m);
    expect(run.stdout).toMatch(/^ {4}applied {2}\S+ {2}builtin 0100_dorm_schedules\.sql {2}checksum ok$/m);
    expect(run.stdout).toMatch(/^ {4}applied {2}\S+ {2}app 0001_create_notes\.sql {2}checksum ok$/m);
    expect(run.stdout).toMatch(/^ {4}applied {2}\S+ {2}app 0002_notes_tenant\.sql {2}checksum ok$/m);

    const json = parsed(await dorm(["migrations", "--shard", tenant, "--json"], { env }));
    expect(json.results[0].result.pending).toEqual([]);
    expect(json.results[0].result.applied.map((m: Json) => [m.kind, m.name, m.checksum])).toEqual([
      ["builtin", "0001_dorm_users.sql", "ok"],
      ["builtin", "0100_dorm_schedules.sql", "ok"],
      ["app", "0001_create_notes.sql", "ok"],
      ["app", "0002_notes_tenant.sql", "ok"],
    ]);
  });

  it("create-admin: creates, then promotes; --json shows the row with is_staff and is_superuser", async () => {
    const tenant = uniqueTenant("cli");
    const email = `${tenant}@example.com`;
    const created = await dorm(["create-admin", "--email", email, "--name", "Ada Lovelace", "--shard", tenant], { env });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(`[1/1] ${tenant}  ok  created ${email} (Ada Lovelace): staff, superuser`);

    const again = await dorm(["create-admin", "--email", email, "--shard", tenant, "--json"], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(parsed(again).results[0].result).toMatchObject({
      created: false,
      user: { email, username: email, first_name: "Ada", last_name: "Lovelace", is_staff: true, is_superuser: true, is_active: true },
    });
  });

  it("create-admin refuses a bad email with the router's 400, one line, exit 1", async () => {
    const run = await dorm(["create-admin", "--email", "not-an-email"], { env });
    expect(run.code).toBe(1);
    expect(oneLine(run)).toBe("dorm: HTTP 400 invalid_input: email: must look like name@example.com");
    expect(run.stdout).toBe("");
  });

  it("stats: tables with row counts and the size; --json", async () => {
    const tenant = uniqueTenant("cli");
    const api = tenantClient(dev.url, tenant);
    for (const title of ["one", "two"]) expect((await api.json("/notes", postJson({ title }))).status).toBe(201);
    const run = await dorm(["stats", "--shard", tenant], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^\\[1/1\\] ${tenant} {2}ok {2}4 tables, \\d+(\\.\\d)? (B|KiB|MiB)$`, "m"));
    expect(run.stdout).toMatch(/^ {4}notes +2$/m);
    expect(run.stdout).toMatch(/^ {4}dorm_users +0$/m);
    expect(run.stdout).toContain("ledgers: _dorm_migrations 4, d1_migrations 2");

    const json = parsed(await dorm(["stats", "--shard", tenant, "--json"], { env }));
    expect(json.results[0].result.tables).toEqual([
      { name: "dorm_schedule_meta", rows: 0 },
      { name: "dorm_schedules", rows: 0 },
      { name: "dorm_users", rows: 0 },
      { name: "notes", rows: 2 },
    ]);
    expect(json.results[0].result.databaseSize).toBeGreaterThan(0);
  });

  it("schedules: a tenant's pending reminders, soonest first; bad page options get the router's 400", async () => {
    const tenant = uniqueTenant("cli");
    const api = tenantClient(dev.url, tenant);
    const later = await api.json<{ id: number }>("/notes", postJson({ title: "later", remind_at: "2030-01-02T03:04:05Z" }));
    const sooner = await api.json<{ id: number }>("/notes", postJson({ title: "sooner", remind_at: "2029-01-02T03:04:05Z" }));
    expect([later.status, sooner.status]).toEqual([201, 201]);
    const run = await dorm(["schedules", "--shard", tenant], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^\\[1/1\\] ${tenant} {2}ok {2}2 schedules$`, "m"));
    expect(run.stdout).toMatch(new RegExp(`^ {4}#\\d+ {2}pending {2}2029-01-02T03:04:05\\.000Z {2}remind {2}attempts 0/3 key remind:${sooner.body.id}\n {4}#\\d+ {2}pending {2}2030-01-02T03:04:05\\.000Z {2}remind {2}attempts 0/3 key remind:${later.body.id}$`, "m"));
    const page = parsed(await dorm(["schedules", "--shard", tenant, "--limit", "1", "--json"], { env }));
    expect(page.results[0].result.schedules).toHaveLength(1);
    expect(typeof page.results[0].result.cursor).toBe("string");
    for (const [args, message] of [
      [["--limit", "0"], "bad limit"],
      [["--status", "done"], "bad status"],
      [["--cursor", "<script>"], "bad cursor"],
    ] as const) {
      const refused = await dorm(["schedules", ...args], { env });
      expect(refused.code, args.join(" ")).toBe(1);
      expect(oneLine(refused)).toBe(`dorm: HTTP 400 invalid_input: ${message}`);
    }
  });

  it("takes --url and --token as flags too", async () => {
    const run = await dorm(["stats", "--url", dev.url, "--token", TOKEN, "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(parsed(run).ok).toBe(true);
  });

  it("a wrong token: one line naming the 401, exit 1, nothing on stdout", async () => {
    for (const args of [["migrate"], ["stats", "--json"]]) {
      const run = await dorm(args, { env: { ...env, DORM_ADMIN_TOKEN: "wrong-token-wrong-token" } });
      expect(run.code).toBe(1);
      expect(oneLine(run)).toMatch(/^dorm: the admin token was refused \(HTTP 401\): --token \(or DORM_ADMIN_TOKEN\) must equal the worker's ADMIN_TOKEN/);
      expect(run.stdout).toBe("");
    }
  });

  it("an invalid shard name: the router's 400, one line", async () => {
    const run = await dorm(["stats", "--shard", "Not_A_Shard"], { env });
    expect(run.code).toBe(1);
    expect(oneLine(run)).toBe(
      'dorm: HTTP 400 invalid_shard: invalid shard name "Not_A_Shard": a shard name matches /^[a-z0-9][a-z0-9-]{0,62}$/ ' +
        "(pass --shard with a name that matches)",
    );
  });

  it("ignores the path of --url: the admin routes live at the origin's root", async () => {
    const run = await dorm(["stats", "--url", `${dev.url}/health`], { env: { DORM_ADMIN_TOKEN: TOKEN } });
    expect(run.code, run.stderr).toBe(0);
  });
});

describe("dorm CLI against wrangler dev (D1 mode)", () => {
  let dev: DevServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    dev = await startDev({ vars: { ADMIN_TOKEN: TOKEN, DATABASE_MODE: "d1" } });
    env = { DORM_URL: dev.url, DORM_ADMIN_TOKEN: TOKEN };
  }, 180_000);

  afterAll(async () => {
    await dev?.stop();
    if (dev) removeDir(dev.persistDir);
  });

  it("migrations lists what is pending on D1, migrate applies it, and the app then works", async () => {
    // Before: every request says what is pending and what applies it, never a bare 500.
    const early = await tenantClient(dev.url, uniqueTenant("d1")).json<{ error: string; message: string; pending: string[] }>("/notes");
    expect(early.status).toBe(503);
    expect(early.headers.get("retry-after")).toBe("30");
    expect(early.body).toMatchObject({ error: "not_migrated", pending: ["builtin 0001_dorm_users.sql", "builtin 0100_dorm_schedules.sql", "app 0001_create_notes.sql", "app 0002_notes_tenant.sql"] });
    expect(early.body.message).toContain("run `npx dorm migrate`");

    const before = await dorm(["migrations"], { env });
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toMatch(/^\[1\/1\] d1 {2}ok {2}0 applied, 4 pending$/m);
    expect(before.stdout).toContain("    pending  builtin 0001_dorm_users.sql\n    pending  builtin 0100_dorm_schedules.sql\n");
    expect(before.stdout).toContain("    pending  app 0001_create_notes.sql\n    pending  app 0002_notes_tenant.sql\n");

    const migrate = await dorm(["migrate"], { env });
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain("[1/1] d1  ok  applied 4\n    builtin 0001_dorm_users.sql\n    builtin 0100_dorm_schedules.sql\n    app 0001_create_notes.sql\n    app 0002_notes_tenant.sql\n");

    const again = parsed(await dorm(["migrate", "--json"], { env }));
    expect(again).toEqual({ op: "migrate", ok: true, results: [{ shard: null, engine: "d1", ok: true, result: { applied: [], changed: [] } }] });

    const api = tenantClient(dev.url, uniqueTenant("d1"));
    expect((await api.json("/notes", postJson({ title: "on d1" }))).status).toBe(201);
    const stats = parsed(await dorm(["stats", "--json"], { env }));
    expect(stats.results[0].result.tables).toContainEqual({ name: "notes", rows: 1 });

    const admin = await dorm(["create-admin", "--email", "ada@example.com"], { env });
    expect(admin.code, admin.stderr).toBe(0);
    expect(admin.stdout).toContain("[1/1] d1  ok  created ada@example.com: staff, superuser");
  });
});

describe("dorm CLI failures without a server", () => {
  it("an unreachable URL: one line, exit 1", async () => {
    const port = await freePort();
    for (const args of [["migrate"], ["migrations", "--json"]]) {
      const run = await dorm([...args, "--url", `http://127.0.0.1:${port}`, "--token", TOKEN]);
      expect(run.code).toBe(1);
      expect(oneLine(run)).toBe(`dorm: cannot reach http://127.0.0.1:${port} (ECONNREFUSED)`);
      expect(run.stdout).toBe("");
    }
  });

  it("a server that is not a dorm router: one line, exit 1", async () => {
    const server = createServer((_request, response) => {
      response.writeHead(404, { "content-type": "text/html" });
      response.end("<h1>not here</h1>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const run = await dorm(["stats", "--url", `http://127.0.0.1:${port}`, "--token", TOKEN]);
      expect(run.code).toBe(1);
      expect(oneLine(run)).toBe(`dorm: unexpected answer from http://127.0.0.1:${port}: HTTP 404 (text/html); is --url a dorm router?`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("schedules: sends the page options as the route's query, prints a line per schedule and the next cursor", async () => {
    const asked: string[] = [];
    const result = {
      schedules: [
        { id: 7, key: "remind:7", task: "remind", cron: null, runAt: "2030-01-01T09:00:00.000Z", attempts: 0, maxAttempts: 3, status: "pending", lastError: null },
        { id: 9, key: null, task: "digest", cron: "0 9 * * mon", runAt: "2030-01-02T09:00:00.000Z", attempts: 3, maxAttempts: 3, status: "failed", lastError: "mail server said no\u001b[31m" },
      ],
      cursor: "1893574800000:9",
    };
    const server = createServer((request, response) => {
      asked.push(`${request.method} ${request.url}`);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ op: "schedules", ok: true, results: [{ shard: "acme", engine: "do", ok: true, result }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const run = await dorm(["schedules", "--shard", "acme", "--limit", "2", "--status", "failed", "--cursor", "5:1", "--url", `http://127.0.0.1:${port}`, "--token", TOKEN]);
      expect(run.code, run.stderr).toBe(0);
      expect(asked).toEqual(["GET /_dorm/admin/schedules?shard=acme&limit=2&cursor=5%3A1&status=failed"]);
      expect(run.stdout).toBe(
        [
          "[1/1] acme  ok  2 schedules",
          "    #7  pending  2030-01-01T09:00:00.000Z  remind  attempts 0/3 key remind:7",
          "    #9  failed  2030-01-02T09:00:00.000Z  digest (cron 0 9 * * mon)  attempts 3/3",
          "        last error: mail server said no?[31m",
          "    next page: --cursor 1893574800000:9",
          "schedules: 1 of 1 ok",
          "",
        ].join("\n"),
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("usage mistakes: one line, exit 2", async () => {
    const cases: [string[], string][] = [
      [[], "dorm: no command given; see `dorm --help`"],
      [
        ["frobnicate"],
        'dorm: unknown command "frobnicate"; commands: init, migrate, migrations, migrations new, migrations manifest, create-admin, stats, schedules, help',
      ],
      [["stats", "--frob"], "dorm: unknown option --frob; see `dorm --help`"],
      [["stats", "extra"], 'dorm: stats takes no argument "extra"'],
      [["stats", "--email", "a@b.co"], "dorm: stats does not take --email"],
      [["create-admin", "--url", "http://x.test", "--token", TOKEN], expect.stringMatching(/^dorm: create-admin needs --email/) as never],
      [["stats", "--token", TOKEN], "dorm: no URL: pass --url or set DORM_URL"],
      [["stats", "--url", "http://x.test"], "dorm: no admin token: set DORM_ADMIN_TOKEN or pass --token"],
      [["stats", "--url", "ftp://x.test", "--token", TOKEN], "dorm: --url must start with http:// or https://"],
      [["stats", "--url", "nonsense", "--token", TOKEN], 'dorm: --url is not a URL: "nonsense"'],
      [["stats", "--timeout", "0"], "dorm: --timeout must be a number of seconds above 0"],
      [["stats", "--timeout", "-1"], 'dorm: option --timeout needs a value (one starting with "-" is written --timeout=VALUE)'],
      [["stats", "--url"], "dorm: option --url needs a value"],
      [["stats", "--json=yes"], "dorm: option --json takes no value"],
      [["migrations", "new"], "dorm: migrations new needs a name, e.g. `dorm migrations new add_tags`"],
      [["migrations", "manifest", "--json"], "dorm: migrations manifest does not take --json"],
      [["migrations", "manifest", "a", "--dir", "b"], "dorm: migrations manifest takes its folders as DIR... or one --dir, not both"],
      [["stats", "--check"], "dorm: stats does not take --check"],
      [["stats", "--limit", "5"], "dorm: stats does not take --limit"],
      [["schedules", "--limit"], "dorm: option --limit needs a value"],
      [["schedules", "--email", "a@b.co"], "dorm: schedules does not take --email"],
      [["schedules", "--status", ""], "dorm: --status needs a value"],
    ];
    for (const [args, message] of cases) {
      const run = await dorm(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(oneLine(run)).toEqual(message);
    }
  });

  it("a router error about the shard names the CLI's --shard, never the router's ?shard=", async () => {
    const answers: Record<string, [number, object]> = {
      "/_dorm/admin/stats": [400, { error: "shard_required", message: "this shard strategy has no default shard and no fixed list of shards: name one with ?shard=" }],
      "/_dorm/admin/migrations": [400, { error: "invalid_shard", message: "name one shard: ?shard= is given more than once" }],
    };
    const server = createServer((request, response) => {
      const [status, body] = answers[new URL(request.url ?? "/", "http://x").pathname] ?? [404, { error: "not_found" }];
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const env = { DORM_URL: `http://127.0.0.1:${port}`, DORM_ADMIN_TOKEN: TOKEN };
      const required = await dorm(["stats"], { env });
      expect(required.code).toBe(1);
      expect(oneLine(required)).toBe(
        "dorm: HTTP 400 shard_required: the app's shard strategy has no default shard and no fixed list of shards: pass --shard NAME",
      );
      const invalid = await dorm(["migrations", "--shard", "acme"], { env });
      expect(invalid.code).toBe(1);
      expect(oneLine(invalid)).toBe("dorm: HTTP 400 invalid_shard: name one shard: --shard is given more than once");
      for (const run of [required, invalid]) expect(run.stderr).not.toContain("?shard=");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("a refused token says where the worker's ADMIN_TOKEN comes from, deployed and local", async () => {
    const server = createServer((_request, response) => {
      response.writeHead(401, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: "unauthorized", message: "a valid admin token is required" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const run = await dorm(["migrate", "--url", `http://127.0.0.1:${port}`, "--token", TOKEN]);
      expect(run.code).toBe(1);
      expect(oneLine(run)).toBe(
        "dorm: the admin token was refused (HTTP 401): --token (or DORM_ADMIN_TOKEN) must equal the worker's ADMIN_TOKEN, " +
          "at least 16 characters; set it with `wrangler secret put ADMIN_TOKEN` (deployed) or " +
          "`wrangler dev --var ADMIN_TOKEN:<token>` or .dev.vars (local)",
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("--version", async () => {
    const version = await dorm(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
  });

  it("the CLI's types check (tsc --noEmit -p src/cli)", async () => {
    const tsc = node([join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "src/cli"], ROOT);
    expect(tsc.code, tsc.stdout).toBe(0);
  });
});

describe("dorm help", () => {
  const COMMANDS = ["init", "migrate", "migrations", "migrations new", "migrations manifest", "create-admin", "stats", "help"];

  it("dorm help, dorm --help and dorm -h print the same overview of every command, exit 0", async () => {
    const help = await dorm(["help"]);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe("");
    for (const command of COMMANDS) expect(help.stdout).toContain(`dorm ${command}`);
    expect((await dorm(["--help"])).stdout).toBe(help.stdout);
    expect((await dorm(["-h"])).stdout).toBe(help.stdout);
  });

  it.each(COMMANDS)("dorm %s --help: that command's usage, options, an example and exit codes; the same as dorm help %s", async (command) => {
    const words = command.split(" ");
    const own = await dorm([...words, "--help"]);
    expect(own.code, own.stderr).toBe(0);
    expect(own.stderr).toBe("");
    expect(own.stdout).toMatch(new RegExp(`^Usage: dorm ${command}\\b`));
    for (const part of ["Example:\n  npx dorm ", "Exit status: 0"]) expect(own.stdout).toContain(part);
    if (command !== "help") expect(own.stdout).toContain("-h, --help");
    expect((await dorm(["help", ...words])).stdout).toBe(own.stdout);
    expect(own.stdout).not.toBe((await dorm(["--help"])).stdout);
  });

  it("--help wins over the command's other options", async () => {
    const run = await dorm(["migrate", "--email", "x@example.com", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: dorm migrate /);
  });

  it("the remote commands' help says where the token comes from", async () => {
    const run = await dorm(["help", "stats"]);
    for (const part of ["ADMIN_TOKEN", "wrangler secret put ADMIN_TOKEN", "--var ADMIN_TOKEN:<token>", ".dev.vars", "--shard NAME"]) {
      expect(run.stdout).toContain(part);
    }
  });

  it("an unknown command, with help or --help: one line listing the commands, exit 2", async () => {
    for (const args of [["help", "frob"], ["frob", "--help"], ["help", "migrations", "new", "extra"]]) {
      const run = await dorm(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
      expect(oneLine(run)).toMatch(/^dorm: (unknown command "frob"; commands: init, migrate, .*, help|help takes one command; "extra" is not part of it)$/);
    }
  });
});

describe("dorm migrations new", () => {
  const temp = temporaryFolders("dorm-cli-");

  it("creates the next NNNN_name.sql and the manifest in --dir, numbering after the highest file", async () => {
    const cwd = temp();
    const first = await dorm(["migrations", "new", "create", "tags", "--dir", "db/migrations"], { cwd });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(
      "created db/migrations/0001_create_tags.sql\nregenerated db/migrations/manifest.ts\n" +
        "write its SQL, then run `npx dorm migrations manifest`: until it holds SQL it stays out of the manifest and is never applied\n",
    );
    const dir = join(cwd, "db/migrations");
    expect(readFileSync(join(dir, "0001_create_tags.sql"), "utf8")).toMatch(/^-- Migration number: 0001 \t \d{4}-\d{2}-\d{2}T\S+Z\n$/);

    writeFileSync(join(dir, "0007_jump.sql"), "CREATE TABLE jump (id INTEGER PRIMARY KEY);\n");
    const next = await dorm(["migrations", "new", "add_index", "--dir", "db/migrations", "--json"], { cwd });
    expect(next.code, next.stderr).toBe(0);
    expect(parsed(next)).toEqual({
      file: "db/migrations/0008_add_index.sql",
      manifest: "db/migrations/manifest.ts",
      manifestChanged: true,
    });
    expect(readdirSync(dir).sort()).toEqual(["0001_create_tags.sql", "0007_jump.sql", "0008_add_index.sql", "manifest.ts"]);
    // The manifest holds the files with SQL, exactly as the generator writes
    // it; the two new, still empty files stay out until they hold some.
    const check = await dorm(["migrations", "manifest", "--check", "db/migrations"], { cwd });
    expect(check.code, check.stderr).toBe(0);
    const manifest = readFileSync(join(dir, "manifest.ts"), "utf8");
    expect(manifest).toContain('"0007_jump.sql"');
    expect(manifest).not.toContain("0001_create_tags.sql");
    expect(manifest).not.toContain("0008_add_index.sql");
    writeFileSync(join(dir, "0008_add_index.sql"), "CREATE INDEX jump_id ON jump (id);\n");
    const written = await dorm(["migrations", "manifest", "db/migrations"], { cwd });
    expect(written.stdout).toBe(
      "db/migrations/manifest.ts: written (2 files)\n" +
        "  0001_create_tags.sql: no SQL yet, left out (it is applied once it holds some and the manifest is written again)\n",
    );
    const regenerated = readFileSync(join(dir, "manifest.ts"), "utf8");
    expect(regenerated.indexOf('"0007_jump.sql"')).toBeLessThan(regenerated.indexOf('"0008_add_index.sql"'));
  });

  it("uses migrations_dir from wrangler.toml, else ./migrations", async () => {
    const cwd = temp();
    writeFileSync(join(cwd, "wrangler.toml"), '[[d1_databases]]\nbinding = "DB"\nmigrations_dir = "sql/app"\n');
    const run = await dorm(["migrations", "new", "first"], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(cwd, "sql/app/0001_first.sql"))).toBe(true);

    const bare = temp();
    expect((await dorm(["migrations", "new", "first"], { cwd: bare })).code).toBe(0);
    expect(existsSync(join(bare, "migrations/0001_first.sql"))).toBe(true);
    expect(existsSync(join(bare, "migrations/manifest.ts"))).toBe(true);
  });

  it("refuses a name the runtime would refuse, and creates nothing", async () => {
    const cwd = temp();
    for (const name of ["../escape", "-x", "bad;name", "é"]) {
      const run = await dorm(["migrations", "new", "--dir", "m", "--", name], { cwd });
      expect(run.code, name).toBe(2);
      expect(oneLine(run)).toMatch(/is not a migration name/);
    }
    expect(existsSync(join(cwd, "m"))).toBe(false);
  });
});

describe("dorm migrations manifest", () => {
  const dirs: string[] = [];
  /** A working folder with these files (path → text). */
  const project = (files: Record<string, string>) => {
    const cwd = tempTree("dorm-cli-", files);
    dirs.push(cwd);
    return cwd;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("writes DIR/manifest.ts from the .sql files in wrangler's order, then leaves it as it is", async () => {
    const cwd = project({ "db/m/0002_b.sql": "SELECT 2;\n", "db/m/0001_a.sql": "SELECT 1;\n", "db/m/notes.txt": "not a migration" });
    const written = await dorm(["migrations", "manifest", "db/m"], { cwd });
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe("db/m/manifest.ts: written (2 files)\n");
    expect(written.stderr).toBe("");
    const manifest = readFileSync(join(cwd, "db/m/manifest.ts"), "utf8");
    expect(manifest).toMatch(/^\/\/ Generated by `dorm migrations manifest`/);
    expect(manifest).toContain("Regenerate with `npx dorm migrations manifest");
    expect(manifest).not.toContain("npm run");
    expect(manifest.indexOf('name: "0001_a.sql"')).toBeLessThan(manifest.indexOf('name: "0002_b.sql"'));
    expect(manifest).not.toContain("notes.txt");

    const again = await dorm(["migrations", "manifest", "db/m"], { cwd });
    expect(again.stdout).toBe("db/m/manifest.ts: already up to date (2 files)\n");
    expect(readFileSync(join(cwd, "db/m/manifest.ts"), "utf8")).toBe(manifest);
  });

  it("--check passes on current manifests and writes nothing", async () => {
    const cwd = project({ "a/0001_a.sql": "SELECT 1;\n", "b/0001_b.sql": "SELECT 2;\n" });
    expect((await dorm(["migrations", "manifest", "a", "b"], { cwd })).code).toBe(0);
    const run = await dorm(["migrations", "manifest", "--check", "a", "b"], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("a/manifest.ts matches its folder\nb/manifest.ts matches its folder\n");
    expect(run.stderr).toBe("");
  });

  it("--check fails with exit 1, naming each stale folder and what differs, and writes nothing", async () => {
    const cwd = project({ "ok/0001_a.sql": "SELECT 1;\n", "stale/0001_a.sql": "SELECT 1;\n", "none/0001_a.sql": "SELECT 1;\n" });
    expect((await dorm(["migrations", "manifest", "ok", "stale"], { cwd })).code).toBe(0);
    writeFileSync(join(cwd, "stale/0002_b.sql"), "SELECT 2;\n");
    const before = readFileSync(join(cwd, "stale/manifest.ts"), "utf8");

    const run = await dorm(["migrations", "manifest", "--check", "ok", "stale", "none"], { cwd });
    expect(run.code).toBe(1);
    expect(oneLine(run)).toBe(
      "dorm: manifest.ts out of date in 2 of 3 folders: stale, none; regenerate with `npx dorm migrations manifest stale none` and commit",
    );
    expect(run.stdout).toBe(
      [
        "ok/manifest.ts matches its folder",
        "stale/manifest.ts does not match its folder:",
        "  0002_b.sql: in the folder, not in manifest.ts (added)",
        "none/manifest.ts does not match its folder:",
        "  manifest.ts does not exist",
        "",
      ].join("\n"),
    );
    expect(readFileSync(join(cwd, "stale/manifest.ts"), "utf8")).toBe(before);
    expect(existsSync(join(cwd, "none/manifest.ts"))).toBe(false);
  });

  it("without DIR: --dir, else migrations_dir of ./wrangler.toml, else ./migrations (as migrations new)", async () => {
    const configured = project({
      "wrangler.toml": '[[d1_databases]]\nbinding = "DB"\nmigrations_dir = "sql/app"\n',
      "sql/app/0001_first.sql": "SELECT 1;\n",
    });
    const run = await dorm(["migrations", "manifest"], { cwd: configured });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("sql/app/manifest.ts: written (1 file)\n");
    const check = await dorm(["migrations", "manifest", "--check"], { cwd: configured });
    expect(check.stdout).toBe("sql/app/manifest.ts matches its folder\n");

    // The folder migrations new writes to is the one manifest reads.
    expect((await dorm(["migrations", "new", "second"], { cwd: configured })).code).toBe(0);
    expect((await dorm(["migrations", "manifest", "--check"], { cwd: configured })).code).toBe(0);

    const bare = project({ "migrations/0001_first.sql": "SELECT 1;\n", "other/0001_x.sql": "SELECT 2;\n" });
    expect((await dorm(["migrations", "manifest"], { cwd: bare })).stdout).toBe("migrations/manifest.ts: written (1 file)\n");
    expect((await dorm(["migrations", "manifest", "--dir", "other"], { cwd: bare })).stdout).toBe("other/manifest.ts: written (1 file)\n");
  });

  it("a folder without .sql files gets a manifest with no migrations", async () => {
    const cwd = project({ "empty/README.md": "no migrations yet" });
    const run = await dorm(["migrations", "manifest", "empty"], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("empty/manifest.ts: written (0 files)\n");
    expect(readFileSync(join(cwd, "empty/manifest.ts"), "utf8")).toMatch(/\] = \[\n\];\n$/);
    expect((await dorm(["migrations", "manifest", "--check", "empty"], { cwd })).code).toBe(0);
  });

  it("a folder that does not exist (or a file): one line, exit 1, nothing written", async () => {
    const cwd = project({ "db/m/0001_a.sql": "SELECT 1;\n", "file.sql": "SELECT 1;\n" });
    for (const args of [["db/m", "nope"], ["--check", "db/m", "nope"]]) {
      const run = await dorm(["migrations", "manifest", ...args], { cwd });
      expect(run.code).toBe(1);
      expect(oneLine(run)).toBe("dorm: no such folder: nope");
      expect(run.stdout).toBe("");
    }
    expect(existsSync(join(cwd, "db/m/manifest.ts"))).toBe(false);

    const file = await dorm(["migrations", "manifest", "file.sql"], { cwd });
    expect(file.code).toBe(1);
    expect(oneLine(file)).toBe("dorm: not a folder: file.sql");

    const defaulted = await dorm(["migrations", "manifest"], { cwd });
    expect(defaulted.code).toBe(1);
    expect(oneLine(defaulted)).toBe(
      "dorm: no such folder: migrations (the default: migrations_dir of ./wrangler.toml, else ./migrations; or name it: DIR or --dir)",
    );
    expect(existsSync(join(cwd, "migrations"))).toBe(false);
  });

  it("takes an absolute DIR, and prints it as given when outside the working folder", async () => {
    const cwd = project({});
    const elsewhere = project({ "0001_a.sql": "SELECT 1;\n" });
    const run = await dorm(["migrations", "manifest", elsewhere], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${join(elsewhere, "manifest.ts")}: written (1 file)\n`);
  });
});

describe("dorm init", () => {
  const temp = temporaryFolders("dorm-init-");

  /** Every file under `dir`, relative, sorted. */
  const files = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
      .sort();
  /** The template's files as committed, with gitignore as .gitignore: what init must write. */
  const committed = (template: string): string[] =>
    execFileSync("git", ["ls-files", `examples/${template}`], { cwd: ROOT, encoding: "utf8" })
      .trim()
      .split("\n")
      .map((path) => path.slice(`examples/${template}/`.length))
      .map((path) => (path === "gitignore" ? ".gitignore" : path))
      .sort();

  it.each(["durable-objects", "d1"])("--template %s writes the template's files, named after the folder, and the next steps", async (template) => {
    const cwd = temp();
    const run = await dorm(["init", "Todo App", "--template", template], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    const dir = join(cwd, "Todo App");
    expect(files(dir)).toEqual(committed(template));
    for (const path of files(dir)) {
      if (path === "package.json" || path === "wrangler.toml") continue;
      const source = join(ROOT, "examples", template, path === ".gitignore" ? "gitignore" : path);
      expect(readFileSync(join(dir, path), "utf8"), path).toBe(readFileSync(source, "utf8"));
    }
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
    const original = JSON.parse(readFileSync(join(ROOT, "examples", template, "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest).toEqual({ ...original, name: "todo-app" });
    const toml = readFileSync(join(dir, "wrangler.toml"), "utf8");
    expect(toml).toMatch(/^name = "todo-app"$/m);
    expect(toml.replace(/^(name|database_name) = .*$/gm, "")).toBe(
      readFileSync(join(ROOT, "examples", template, "wrangler.toml"), "utf8").replace(/^(name|database_name) = .*$/gm, ""),
    );
    if (template === "d1") expect(toml).toMatch(/^database_name = "todo-app"$/m);
    expect(run.stdout).toBe(
      `created Todo App from the ${template} template (${files(dir).length} files), project name "todo-app"\n\n` +
        "next:\n  cd 'Todo App' && npm install && npm start\n  npm test\n",
    );
  });

  it("defaults to the durable-objects template and takes an empty existing folder, . included", async () => {
    const cwd = temp();
    const run = await dorm(["init", "."], { cwd: join(cwd) });
    expect(run.code, run.stderr).toBe(0);
    expect(files(cwd)).toEqual(committed("durable-objects"));
    const name = basename(cwd).toLowerCase().replace(/[^a-z0-9]+/g, "-");
    expect(JSON.parse(readFileSync(join(cwd, "package.json"), "utf8")).name).toBe(name);
    expect(run.stdout).toContain("cd . && npm install && npm start");
  });

  it("takes any path, ../x and absolute ones included, and makes the project name of its last part", async () => {
    const parent = temp();
    const cwd = join(parent, "work");
    mkdirSync(cwd);
    const cases: [string, string, string][] = [
      ["../x", join(parent, "x"), "x"],
      [join(parent, "a", "b", "Ünïcödé Ñame"), join(parent, "a", "b", "Ünïcödé Ñame"), "unicode-name"],
      ["--my..app__", join(cwd, "--my..app__"), "my-app"],
      ["$(touch pwned)", join(cwd, "$(touch pwned)"), "touch-pwned"],
      [`long-${"x".repeat(80)}`, join(cwd, `long-${"x".repeat(80)}`), `long-${"x".repeat(58)}`],
    ];
    for (const [dir, at, name] of cases) {
      const run = await dorm(["init", "--", dir], { cwd });
      expect(run.code, `${dir}: ${run.stderr}`).toBe(0);
      expect(JSON.parse(readFileSync(join(at, "package.json"), "utf8")).name, dir).toBe(name);
      expect(readFileSync(join(at, "wrangler.toml"), "utf8"), dir).toContain(`\nname = "${name}"\n`.slice(1));
    }
    expect(existsSync(join(cwd, "pwned"))).toBe(false);
    const quoted = await dorm(["init", "it's here"], { cwd });
    expect(quoted.stdout).toContain(`cd 'it'\\''s here' && npm install`);
  });

  it("refuses, exit 2 with one line and nothing written: a non-empty folder, a file, a name of no letters or digits", async () => {
    const cwd = temp();
    mkdirSync(join(cwd, "full"));
    writeFileSync(join(cwd, "full", "keep.txt"), "mine");
    writeFileSync(join(cwd, "file"), "a file");
    const cases: [string[], string][] = [
      [["init", "full"], "dorm: full is not empty (keep.txt); dorm init writes only into a new or empty folder: name another one"],
      [["init", "file"], "dorm: file exists and is not a folder; dorm init needs a new or empty folder"],
      [
        ["init", "..."],
        'dorm: cannot name a project after the folder "...": the name (package.json, wrangler.toml) is made of its letters ' +
          'and digits (a-z, 0-9, "-" between) and it has none; choose a folder name with some',
      ],
      [["init", "日本語"], expect.stringMatching(/^dorm: cannot name a project after the folder "日本語"/) as never],
    ];
    for (const [args, message] of cases) {
      const run = await dorm(args, { cwd });
      expect(run.code, args.join(" ")).toBe(2);
      expect(oneLine(run)).toEqual(message);
      expect(run.stdout).toBe("");
    }
    expect(readdirSync(cwd).sort()).toEqual(["file", "full"]);
    expect(readdirSync(join(cwd, "full"))).toEqual(["keep.txt"]);
  });

  it("usage mistakes: no folder, two folders, an unknown template, an option it does not take; exit 2", async () => {
    const cwd = temp();
    const cases: [string[], string][] = [
      [["init"], "dorm: init needs a folder, e.g. `dorm init my-app` (--template durable-objects or d1)"],
      [["init", "a", "b"], 'dorm: init takes one folder; "b" is a second one'],
      [["init", "a", "--template", "react"], 'dorm: unknown template "react"; templates: durable-objects, d1'],
      [["init", "a", "--template"], "dorm: option --template needs a value"],
      [["init", "a", "--shard", "x"], "dorm: init does not take --shard"],
      [["stats", "--template", "d1"], "dorm: stats does not take --template"],
    ];
    for (const [args, message] of cases) {
      const run = await dorm(args, { cwd });
      expect(run.code, args.join(" ")).toBe(2);
      expect(oneLine(run)).toBe(message);
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("copies from the package it belongs to, and never what a run left in the template (node_modules, .wrangler, .dev.vars)", async () => {
    // A copy of the built package (bin/, dist/, package.json, the templates) with leftovers in one template.
    const pkg = temp();
    for (const path of ["bin", "dist", "package.json", "examples/durable-objects", "examples/d1"]) {
      cpSync(join(ROOT, path), join(pkg, path), { recursive: true });
    }
    const template = join(pkg, "examples/d1");
    mkdirSync(join(template, "node_modules/dorm"), { recursive: true });
    writeFileSync(join(template, "node_modules/dorm/index.js"), "");
    mkdirSync(join(template, ".wrangler/state"), { recursive: true });
    writeFileSync(join(template, ".wrangler/state/db.sqlite"), "");
    writeFileSync(join(template, ".dev.vars"), "ADMIN_TOKEN=secret-secret-secret\n");
    writeFileSync(join(template, "src/extra.ts"), "export const fromThisPackage = true;\n");
    const cwd = temp();
    const run = node([join(pkg, "bin/dorm.js"), "init", "app", "--template", "d1"], cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(files(join(cwd, "app"))).toEqual([...committed("d1"), "src/extra.ts"].sort());
  });
});
