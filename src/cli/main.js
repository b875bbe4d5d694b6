import { readFileSync } from "node:fs";
import { parseInvocation } from "./args.js";
import { callAdmin } from "./client.js";
import { CliError, FAILURE_EXIT, printable, usageError } from "./errors.js";
import { reportLines, shardLabel } from "./format.js";
import { createMigration, migrationsDir } from "./new-migration.js";

/** @typedef {import("./client.js").ShardReport} ShardReport */

/**
 * What the CLI reads and writes, passed in so tests can run it in-process.
 * @typedef {{ argv: string[], env: Record<string, string | undefined>, cwd: string,
 *   stdout: (text: string) => void, stderr: (text: string) => void, fetch: typeof fetch }} Io
 */

export const USAGE = `dorm: admin commands for a dorm app

Usage:
  dorm migrate                  apply pending migrations on the target shard(s)
  dorm migrations               applied (with time and checksum status) and pending migrations
  dorm create-admin --email EMAIL [--name "First Last"]
                                make EMAIL a staff superuser (created, or promoted if it exists)
  dorm stats                    tables with row counts, and the database size
  dorm migrations new NAME [--dir DIR]
                                create the next NNNN_NAME.sql and regenerate the folder's manifest.ts
                                (DIR: default migrations_dir of ./wrangler.toml, else ./migrations)

Options of the remote commands:
  --url URL        the router worker's URL (or env DORM_URL)
  --token TOKEN    the admin token (or env DORM_ADMIN_TOKEN; the env var keeps it out of \`ps\`)
  --shard NAME     one shard; default: the strategy's default shard, or every shard of a ring
  --json           print the router's JSON answer instead of text
  --timeout SECS   give up after SECS seconds (default 300)

  -h, --help       this text
  --version        dorm's version

Exit status: 0 success, 1 failure (any shard failed, HTTP error, unreachable), 2 usage error.`;

/**
 * Runs the CLI; resolves to the exit code. Every failure is one line on
 * stderr prefixed `dorm: `, never a stack trace.
 * @param {Io} io
 * @returns {Promise<number>}
 */
export async function main(io) {
  try {
    const invocation = parseInvocation(io.argv);
    switch (invocation.kind) {
      case "help":
        io.stdout(`${USAGE}\n`);
        return 0;
      case "version":
        io.stdout(`${version()}\n`);
        return 0;
      case "new-migration": {
        const created = createMigration(invocation.name, migrationsDir(invocation.dir, io.cwd), io.cwd);
        if (invocation.json) io.stdout(`${JSON.stringify(created)}\n`);
        else {
          io.stdout(`created ${created.file}\n`);
          io.stdout(`${created.manifestChanged ? "regenerated" : "unchanged"} ${created.manifest}\n`);
        }
        return 0;
      }
      case "remote":
        return await runRemote(invocation, io);
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`dorm: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`dorm: ${printable(message).split("\n")[0]}\n`);
    return FAILURE_EXIT;
  }
}

/**
 * @param {Extract<import("./args.js").Invocation, { kind: "remote" }>} invocation
 * @param {Io} io
 */
async function runRemote(invocation, io) {
  const url = invocation.url ?? io.env.DORM_URL;
  if (!url) throw usageError("no URL: pass --url or set DORM_URL");
  const token = invocation.token ?? io.env.DORM_ADMIN_TOKEN;
  if (!token) throw usageError("no admin token: set DORM_ADMIN_TOKEN or pass --token");
  const connection = { url, token, shard: invocation.shard, timeoutSeconds: invocation.timeoutSeconds, fetch: io.fetch };
  const { command } = invocation;
  const body = command === "create-admin" ? { email: invocation.email, name: invocation.name ?? null } : undefined;

  if (invocation.json) {
    const answer = await callAdmin(connection, command, { stream: false, body });
    if (answer.kind !== "json") throw new CliError("the server streamed an answer to a JSON request");
    io.stdout(`${JSON.stringify(answer.body, null, 2)}\n`);
    return answer.body.ok === true ? 0 : FAILURE_EXIT;
  }

  const answer = await callAdmin(connection, command, { stream: true, body });
  /** @type {ShardReport[]} */
  const reports = [];
  let total = 0;
  /** @type {{ ok: boolean, failed: number, total: number } | null} */
  let end = null;
  /** @param {ShardReport} report */
  const print = (report) => {
    reports.push(report);
    const counter = `[${reports.length}/${Math.max(total, reports.length)}]`;
    for (const line of reportLines(command, report, counter)) io.stdout(`${line}\n`);
  };
  if (answer.kind === "json") {
    // A router that does not stream (or a proxy that buffered): same lines, at once.
    total = answer.body.results.length;
    for (const report of answer.body.results) print(report);
    end = { ok: answer.body.ok === true, failed: reports.filter((r) => !r.ok).length, total };
  } else {
    try {
      for await (const line of answer.lines) {
        if (line.type === "start") {
          total = Array.isArray(line.targets) ? line.targets.length : 0;
          io.stdout(`${command} on ${total} shard${total === 1 ? "" : "s"}\n`);
        } else if (line.type === "shard") {
          print(line);
        } else if (line.type === "end") {
          end = line;
        }
      }
    } catch (error) {
      if (error instanceof CliError) throw error;
      const cause = error instanceof Error ? error.message : String(error);
      throw new CliError(`the answer was cut off after ${reports.length} of ${total} shards (${printable(cause).slice(0, 120)})`);
    }
    if (end === null) throw new CliError(`the answer was cut off after ${reports.length} of ${total} shards`);
  }
  const failed = reports.filter((report) => !report.ok);
  if (failed.length > 0) {
    io.stderr(`dorm: ${command} failed on ${failed.length} of ${reports.length} shards: ${failed.map(shardLabel).join(", ")}\n`);
    return FAILURE_EXIT;
  }
  io.stdout(`${command}: ${reports.length} of ${reports.length} ok\n`);
  return 0;
}

function version() {
  const url = new URL("../../package.json", import.meta.url);
  return String(JSON.parse(readFileSync(url, "utf8")).version ?? "unknown");
}
