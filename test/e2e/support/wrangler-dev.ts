import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "./free-port.ts";

/** The repository root: wrangler dev runs there, on the root wrangler.toml (the demo). */
export const ROOT = resolve(import.meta.dirname, "../../..");

export interface DevServer {
  readonly url: string;
  readonly persistDir: string;
  /** Everything wrangler printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface DevOptions {
  /** Reuse persisted state (to test a restart); a fresh temp folder otherwise. */
  persistDir?: string;
  vars?: Record<string, string>;
  /** Extra arguments for `wrangler dev`. */
  args?: string[];
  readyPath?: string;
  timeoutMs?: number;
  /** The project folder (its wrangler.toml); default: this repository (the demo). */
  cwd?: string;
}

/**
 * Starts the demo under `wrangler dev` on a free loopback port with its own
 * persist folder and waits until it answers. Stop it with `stop()`.
 */
export async function startDev(options: DevOptions = {}): Promise<DevServer> {
  const persistDir = options.persistDir ?? mkdtempSync(join(tmpdir(), "dorm-e2e-"));
  const port = await freePort();
  const inspectorPort = await freePort();
  const args = [
    join(ROOT, "node_modules/wrangler/bin/wrangler.js"),
    "dev",
    "--ip", "127.0.0.1",
    "--port", String(port),
    "--inspector-port", String(inspectorPort),
    "--persist-to", persistDir,
    "--show-interactive-dev-session=false",
    "--log-level", "log",
    // As `npm start`: no signing secret is configured, so file URLs are signed
    // with a random one of the process (examples/notes/src/files.ts).
    ...Object.entries({ FILES_SIGNING_DEV: "1", ...options.vars }).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so stop() also ends workerd and wrangler's helpers.
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const server: DevServer = {
    url,
    persistDir,
    output: () => output,
    stop: () => stopChild(child),
  };
  try {
    await waitReady(url + (options.readyPath ?? "/health"), child, () => output, options.timeoutMs ?? 90_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`wrangler dev exited with ${child.exitCode}:\n${output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      // Up when the app answers: below 500, or any answer of dorm's own
      // (a D1-mode app before its migrations answers 503 not_migrated).
      if (response.status < 500 || response.headers.has("x-dorm-request-id")) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer ${url} within ${timeoutMs} ms:\n${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => signalGroup("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      signalGroup("SIGKILL");
      resolve();
    });
    signalGroup("SIGTERM");
  });
}

/** Removes a temporary folder (a persist folder made by startDev, a test project). */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
