import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** The text of a wrangler.toml before its first [table]: its top-level settings. */
function topLevel(tomlPath) {
  return readFileSync(tomlPath, "utf8").split(/^\s*\[/m)[0] ?? "";
}

/** A boolean setting (`minify`, `keep_names`) at the top level of a wrangler.toml, or null when unset. */
export function topLevelSetting(tomlPath, name) {
  const top = topLevel(tomlPath);
  const match = new RegExp(`^\\s*${name}\\s*=\\s*(true|false)\\s*$`, "m").exec(top);
  return match ? match[1] === "true" : null;
}

/** `compatibility_date = "YYYY-MM-DD"` at the top level of a wrangler.toml. */
export function compatibilityDate(tomlPath) {
  const match = /^\s*compatibility_date\s*=\s*"(\d{4}-\d{2}-\d{2})"\s*$/m.exec(topLevel(tomlPath));
  if (!match) throw new Error(`no compatibility_date in ${tomlPath}`);
  return match[1];
}

/** `minify = true|false` at the top level of a wrangler.toml, or null when unset. */
export function minifySetting(tomlPath) {
  return topLevelSetting(tomlPath, "minify");
}

/**
 * The bundle as `wrangler deploy --dry-run --outdir` writes it (with the
 * config's own minify setting unless `minify` is passed): wrangler's printed
 * "Total Upload / gzip" figures, and per-source-folder bytes from esbuild's
 * metafile (their share of the gzip size is estimated in proportion).
 */
export function dryRunBundle(root, config, { minify = false } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), "dorm-bench-bundle-"));
  try {
    const args = [join(root, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "-c", config, "--outdir", outdir, "--metafile", join(outdir, "meta.json")];
    if (minify) args.push("--minify");
    const output = execFileSync(process.execPath, args, {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
    if (!match) throw new Error(`no "Total Upload" line in wrangler's output:\n${output}`);
    const script = readdirSync(outdir).find((name) => name.endsWith(".js"));
    if (!script) throw new Error(`wrangler deploy --dry-run wrote no .js file to ${outdir}`);
    const code = readFileSync(join(outdir, script));
    const meta = JSON.parse(readFileSync(join(outdir, "meta.json"), "utf8"));
    const groups = {};
    for (const out of Object.values(meta.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(out.inputs ?? {})) {
        const group = groupOf(input);
        groups[group] = (groups[group] ?? 0) + bytesInOutput;
      }
    }
    return {
      totalKiB: Number(match[1]),
      gzipKiB: Number(match[2]),
      ourGzipKiB: gzipSync(code).length / 1024,
      bytes: code.length,
      groups,
      code: code.toString("utf8"),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** src/access/x.ts → src/access; node_modules/jose/… → jose. */
function groupOf(input) {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (nm) return nm[1];
  const parts = input.replace(/^(\.\.\/)+/, "").split("/");
  if (parts[0] === "src" || parts[0] === "examples") return parts.slice(0, 2).join("/");
  return parts[0] ?? input;
}
