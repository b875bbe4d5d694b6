import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";

function run(cmd, args, cwd) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unavailable";
  }
}

/** What RESULTS.md records about the machine a run was made on. */
export function machine(root) {
  const version = (pkg) => JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")).version;
  return {
    nproc: run("nproc", [], root),
    cpu: cpus()[0]?.model ?? "unknown",
    memory: run("free", ["-h"], root),
    loadavg: readFileSync("/proc/loadavg", "utf8").trim(),
    node: process.version,
    wrangler: version("wrangler"),
    // The workerd that the bench and `wrangler check startup` run (wrangler's own).
    workerd: run(join(root, "node_modules/wrangler/node_modules/workerd/bin/workerd"), ["--version"], root),
  };
}
