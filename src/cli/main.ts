import { parseInvocation } from "./args.ts";
import { CliError, FAILURE_EXIT, printable } from "./errors.ts";
import type { Io } from "./io.ts";
import { runInit } from "./init.ts";
import { runManifest } from "./manifest-command.ts";
import { migrationsDir } from "./migrations-dir.ts";
import { createMigration } from "./new-migration.ts";
import { runRemote } from "./remote.ts";
import { COMMAND_USAGE, USAGE } from "./usage.ts";
import { packageVersion } from "./version.ts";

/**
 * Runs the CLI; resolves to the exit code. Every failure is one line on
 * stderr prefixed `dorm: `, never a stack trace.
 */
export async function main(io: Io): Promise<number> {
  try {
    const invocation = parseInvocation(io.argv);
    switch (invocation.kind) {
      case "help":
        io.stdout(`${invocation.command === undefined ? USAGE : COMMAND_USAGE[invocation.command]}\n`);
        return 0;
      case "init":
        return runInit(invocation, io);
      case "version":
        io.stdout(`${packageVersion()}\n`);
        return 0;
      case "new-migration": {
        const created = createMigration(invocation.name, migrationsDir(invocation.dir, io.cwd), io.cwd);
        if (invocation.json) io.stdout(`${JSON.stringify(created)}\n`);
        else {
          io.stdout(`created ${created.file}\n`);
          io.stdout(`${created.manifestChanged ? "regenerated" : "unchanged"} ${created.manifest}\n`);
          io.stdout("write its SQL, then run `npx dorm migrations manifest`: until it holds SQL it stays out of the manifest and is never applied\n");
        }
        return 0;
      }
      case "manifest":
        return runManifest(invocation, io);
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

/** Runs the CLI on this process's arguments, environment and streams (bin/dorm.js). */
export async function runInProcess(): Promise<void> {
  process.exitCode = await main({
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    fetch: globalThis.fetch,
  });
}
