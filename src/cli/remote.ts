import type { RemoteInvocation } from "./args.ts";
import { callAdmin } from "./client.ts";
import type { Connection } from "./client.ts";
import { CliError, FAILURE_EXIT, printable, usageError } from "./errors.ts";
import { editedFiles, reportLines, shardLabel } from "./format.ts";
import type { Io } from "./io.ts";
import type { ShardReport } from "./wire.ts";

/**
 * Runs a remote command: one line per shard as the router reports it, then
 * a summary. Resolves to the exit code: 1 when any shard failed.
 */
export async function runRemote(invocation: RemoteInvocation, io: Io): Promise<number> {
  const url = invocation.url ?? io.env.DORM_URL;
  if (!url) throw usageError("no URL: pass --url or set DORM_URL");
  const token = invocation.token ?? io.env.DORM_ADMIN_TOKEN;
  if (!token) throw usageError("no admin token: set DORM_ADMIN_TOKEN or pass --token");
  const connection: Connection = { url, token, shard: invocation.shard, query: invocation.query, timeoutSeconds: invocation.timeoutSeconds, fetch: io.fetch };
  const { command } = invocation;
  const body = command === "create-admin" ? { email: invocation.email, name: invocation.name ?? null } : undefined;

  if (invocation.json) {
    const answer = await callAdmin(connection, command, { stream: false, body });
    if (answer.kind !== "json") throw new CliError("the server streamed an answer to a JSON request");
    io.stdout(`${JSON.stringify(answer.body, null, 2)}\n`);
    if (answer.body.ok !== true) return FAILURE_EXIT;
    return reportEdited(command, answer.body.results, io);
  }

  const answer = await callAdmin(connection, command, { stream: true, body });
  const reports: ShardReport[] = [];
  let total = 0;
  let ended = false;
  const print = (report: ShardReport) => {
    reports.push(report);
    const counter = `[${reports.length}/${Math.max(total, reports.length)}]`;
    for (const line of reportLines(command, report, counter)) io.stdout(`${line}\n`);
  };
  if (answer.kind === "json") {
    // A router that does not stream (or a proxy that buffered): same lines, at once.
    total = answer.body.results.length;
    for (const report of answer.body.results) print(report);
  } else {
    try {
      for await (const line of answer.lines) {
        if (line.type === "start") {
          total = Array.isArray(line.targets) ? line.targets.length : 0;
          io.stdout(`${command} on ${total} shard${total === 1 ? "" : "s"}\n`);
        } else if (line.type === "shard") {
          print(line as ShardReport);
        } else if (line.type === "end") {
          ended = true;
        }
      }
    } catch (error) {
      if (error instanceof CliError) throw error;
      const cause = error instanceof Error ? error.message : String(error);
      throw new CliError(`the answer was cut off after ${reports.length} of ${total} shards (${printable(cause).slice(0, 120)})`);
    }
    if (!ended) throw new CliError(`the answer was cut off after ${reports.length} of ${total} shards`);
  }
  const failed = reports.filter((report) => !report.ok);
  if (failed.length > 0) {
    io.stderr(`dorm: ${command} failed on ${failed.length} of ${reports.length} shards: ${failed.map(shardLabel).join(", ")}\n`);
    return FAILURE_EXIT;
  }
  io.stdout(`${command}: ${reports.length} of ${reports.length} ok\n`);
  return reportEdited(command, reports, io);
}

/**
 * Exit 1, naming them, when applied migration files were edited since they
 * were applied: dorm never runs a file twice, so the edit is not in the
 * database, and the user must not miss that.
 */
function reportEdited(command: RemoteInvocation["command"], reports: readonly ShardReport[], io: Io): number {
  const edited = reports.flatMap((report) => editedFiles(command, report).map((file) => `${file} (${shardLabel(report)})`));
  if (edited.length === 0) return 0;
  io.stderr(
    `dorm: applied migration files were edited since they were applied, and the edits are not in the database: ${edited.join(", ")}; ` +
      "revert each file, and put the change in a new migration (npx dorm migrations new NAME)\n",
  );
  return FAILURE_EXIT;
}
