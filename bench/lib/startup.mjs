import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Start-up CPU of a worker as `wrangler check startup` profiles it (workerd
 * running the module's top level once, sampled about every millisecond): the
 * ms attributed to frames of the worker's own script, i.e. module evaluation.
 * Coarse by nature: take the median of several runs.
 */
export function startupMs(root, config) {
  const dir = mkdtempSync(join(tmpdir(), "dorm-bench-startup-"));
  try {
    const outfile = join(dir, "startup.cpuprofile");
    // `check startup` ignores -c for the build it profiles: the config goes to `wrangler deploy` via --args.
    execFileSync(process.execPath, [join(root, "node_modules/wrangler/bin/wrangler.js"), "check", "startup", `--args=--config=${config}`, "--outfile", outfile], {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return scriptMs(JSON.parse(readFileSync(outfile, "utf8")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Samples that landed in the script's own frames, times the sampling
 * interval (the median gap between samples). Not the raw gaps: a gap while
 * the thread is outside V8 can be tens of ms and is not the script's CPU.
 */
function scriptMs(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  // Gaps over 5 ms are pauses (the thread outside V8), not the sampling interval.
  const gaps = profile.timeDeltas.slice(1).filter((d) => d > 0 && d < 5000).sort((a, b) => a - b);
  const interval = gaps.length ? gaps[Math.floor(gaps.length / 2)] : 1000;
  let inScript = 0;
  for (const id of profile.samples) {
    const frame = nodes.get(id)?.callFrame ?? {};
    const name = frame.functionName ?? "";
    // The script's frames (and natives it calls) vs (program), (idle), (garbage collector), (root).
    if ((frame.url ?? "") !== "" || (name !== "" && !name.startsWith("("))) inScript++;
  }
  return { ms: (inScript * interval) / 1000, samples: inScript, intervalMs: interval / 1000 };
}
