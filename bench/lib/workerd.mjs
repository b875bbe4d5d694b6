import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Runs the bench worker in workerd with no dev server around it:
 *
 * - the bundle is what `wrangler deploy --dry-run --outdir` builds from
 *   bench/wrangler.toml (esbuild, as deployed);
 * - it runs in the Miniflare that wrangler itself uses (so wrangler's workerd,
 *   not the test pool's), with bindings from wrangler's own reading of the
 *   config (`unstable_getMiniflareWorkerOptions`).
 *
 * Not `wrangler dev`: its inspector proxy enables the DevTools Network domain,
 * so every Durable Object call inside workerd also sends events to Node
 * (measured: ~2.5 ms of extra wall time and several ms of CPU per request on
 * this machine, against ~0.15 ms for the request itself).
 */
/**
 * A Miniflare of wrangler's own (so wrangler's workerd), resolved through
 * wrangler, from options in Miniflare 4's shape (one worker's options and the
 * shared ones side by side, as `unstable_getMiniflareWorkerOptions` gives
 * them); Miniflare 5 takes them through `convertV4MiniflareOptions`.
 */
export async function wranglerMiniflare(root, options) {
  const rootRequire = createRequire(join(root, "package.json"));
  const wranglerRequire = createRequire(rootRequire.resolve("wrangler/package.json"));
  const { Miniflare, convertV4MiniflareOptions } = await import(pathToFileURL(wranglerRequire.resolve("miniflare")).href);
  return new Miniflare(convertV4MiniflareOptions(options));
}

export async function startWorkerd(root, config, vars = {}) {
  const outdir = mkdtempSync(join(tmpdir(), "dorm-bench-build-"));
  try {
    execFileSync(process.execPath, [join(root, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "-c", config, "--outdir", outdir], {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const script = readdirSync(outdir).find((name) => name.endsWith(".js"));
    if (!script) throw new Error(`wrangler deploy --dry-run wrote no .js file to ${outdir}`);
    const rootRequire = createRequire(join(root, "package.json"));
    const { unstable_getMiniflareWorkerOptions } = await import(pathToFileURL(rootRequire.resolve("wrangler")).href);
    // The bundle is one module: no module rules (which Miniflare 5 cannot convert).
    const { modulesRules: _rules, ...workerOptions } = unstable_getMiniflareWorkerOptions(join(root, config)).workerOptions;
    // Kept for error messages rather than printed (Miniflare 5 hands workerd's output over as structured logs).
    let log = "";
    const keepLog = ({ level, message }) => (log = `${log}${level}: ${message}\n`.slice(-20_000));
    const mf = await wranglerMiniflare(root, {
      ...workerOptions,
      name: "dorm-bench",
      modules: true,
      scriptPath: join(outdir, script),
      modulesRoot: outdir,
      bindings: { ...workerOptions.bindings, ...vars },
      handleStructuredLogs: keepLog,
    });
    await mf.ready;
    return {
      /** GET `path` on the bench worker; the JSON body, or throws with its error. */
      async get(path) {
        const response = await mf.dispatchFetch(`http://localhost${path}`);
        const body = await response.json();
        if (!response.ok) throw new Error(`${body.error ?? `HTTP ${response.status}`}\nworkerd log (tail):\n${log.slice(-2000)}`);
        return body;
      },
      async stop() {
        await mf.dispose();
        rmSync(outdir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}
