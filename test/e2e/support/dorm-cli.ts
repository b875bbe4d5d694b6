import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./wrangler-dev.ts";

/** bin/dorm.js, run with Node as `npx dorm` runs it; it runs dist/cli/, which the e2e global setup builds. */
export const DORM_BIN = join(ROOT, "bin/dorm.js");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with exactly the DORM_* variables given (none inherited). */
export function dorm(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("DORM_")));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DORM_BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...inherited, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}
