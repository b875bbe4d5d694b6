#!/usr/bin/env node
// npm run bench [-- --quick] [--save] [--only=read,write,…] [--verbose]
//
// dorm against a hand-written Durable Object, side by side in one workerd
// (bench/wrangler.toml, bundled by `wrangler deploy --dry-run` and run by
// wrangler's Miniflare: see lib/workerd.mjs for why not `wrangler dev`). The
// driver in bench/worker.ts times every request from inside workerd; Node
// only makes one call per figure. Then the demo's bundle size as
// `wrangler deploy --dry-run` writes it, and start-up CPU from
// `wrangler check startup`. One line per figure; --save writes
// bench/results.json and bench/ratios.svg (what bench/RESULTS.md quotes).
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { dryRunBundle, minifySetting, topLevelSetting } from "./lib/bundle.mjs";
import { startWorkerd } from "./lib/workerd.mjs";
import { startKeyServer } from "./lib/key-server.mjs";
import { machine } from "./lib/machine.mjs";
import { paired, summary } from "./lib/stats.mjs";
import { moduleEvalMs } from "./lib/module-eval.mjs";
import { startupMs } from "./lib/startup.mjs";
import { renderChart } from "./chart.mjs";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, "..");
const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const save = argv.includes("--save");
const onlyArg = argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const only = onlyArg ? new Set(onlyArg.split(",")) : null;
const wanted = (name) => only === null || only.has(name);

// Must match BENCH_ACCESS in bench/env.ts.
const ACCESS = { issuer: "https://dorm-bench.cloudflareaccess.com", aud: "dorm-bench-aud" };

// bundleKiB: the demo's budget in test/e2e/bundle.test.ts (raised from 30 by the measured cost of each feature it mounted since; the test says which).
// sockets: echo, broadcast and wake-up against the hand-written hibernating object.
const TARGETS = { read: 1.05, write: 1.05, batch: 0.9, accessMs: 0.1, bundleKiB: 39.56, schedule: 1.1, sockets: 1.1 };

// Rounds × sequential requests per sample. Quick stays well under 3 minutes.
const PLAN = quick
  ? {
      read: { rounds: 15, per: 100, warmup: 100 },
      write: { rounds: 15, per: 50, warmup: 50 },
      batch: { rounds: 5, per: 1, warmup: 1, rows: 10_000 },
      access: { rounds: 10, per: 100, warmup: 100 },
      authorize: { rounds: 10, per: 100, warmup: 100 },
      file: { rounds: 8, per: 10, warmup: 5 },
      schedule: { rounds: 8, per: 1, warmup: 2, rows: 1000 },
      parts: { rounds: 5, per: 1000, warmup: 200 },
      echo: { rounds: 10, per: 100, warmup: 100 },
      broadcast: { rounds: 10, per: 20, warmup: 10 },
      wake: { rounds: 10, per: 200, warmup: 100 },
      startupCopies: 9,
      startupRuns: 1,
    }
  : {
      read: { rounds: 60, per: 200, warmup: 200 },
      write: { rounds: 60, per: 100, warmup: 100 },
      batch: { rounds: 15, per: 1, warmup: 2, rows: 10_000 },
      access: { rounds: 40, per: 200, warmup: 200 },
      authorize: { rounds: 40, per: 200, warmup: 200 },
      file: { rounds: 30, per: 20, warmup: 10 },
      schedule: { rounds: 30, per: 1, warmup: 3, rows: 1000 },
      profile: { rounds: 40, per: 200, warmup: 200 },
      parts: { rounds: 15, per: 2000, warmup: 500 },
      echo: { rounds: 30, per: 1000, warmup: 500 },
      broadcast: { rounds: 30, per: 50, warmup: 20 },
      wake: { rounds: 30, per: 1000, warmup: 200 },
      startupCopies: 25,
      startupRuns: 5,
    };

const fmt = (x, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");
const range = (s, digits = 3) => `${fmt(s.p25, digits)}–${fmt(s.p75, digits)}`;
const verdict = (ok) => (ok ? "ok" : "MISSED");
const lines = [];
const say = (line) => {
  lines.push(line);
  console.log(line);
};

const results = { command: `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`, quick, startedAt: new Date().toISOString(), machine: machine(ROOT), figures: {} };
const started = Date.now();

console.log(`dorm bench${quick ? " (quick)" : ""}: ${results.machine.nproc} cores, node ${results.machine.node}, wrangler ${results.machine.wrangler}, ${results.machine.workerd}; load ${results.machine.loadavg}`);
console.log("ratios are medians of per-round dorm/raw ratios (p25–p75); times are medians of per-round means (p25–p75)");

/** One `latency ratio` line from the samples of a dorm and a raw variant. */
function latencyLine(label, samples, dormKey, rawKey, target, note) {
  const dorm = summary(samples[dormKey]);
  const raw = summary(samples[rawKey]);
  const ratio = paired(samples[dormKey], samples[rawKey], (d, r) => d / r);
  const targetText = target === undefined ? "" : `  target ≤ ${target}: ${verdict(ratio.p50 <= target)}`;
  say(`${label.padEnd(15)} latency ratio ${fmt(ratio.p50)} (${range(ratio)})  dorm ${fmt(dorm.p50)} ms (${range(dorm)})  raw ${fmt(raw.p50)} ms (${range(raw)})${targetText}${note ? `  [${note}]` : ""}`);
  return { ratio, dorm, raw };
}

async function runFigure(bench, name) {
  const plan = PLAN[name];
  const query = new URLSearchParams({ figure: name, ...Object.fromEntries(Object.entries(plan).map(([k, v]) => [k, String(v)])) });
  return bench.get(`/run?${query}`);
}

let keys;
let bench;
try {
  keys = await startKeyServer(ACCESS);
  bench = await startWorkerd(ROOT, "bench/wrangler.toml", { BENCH_CERTS_URL: keys.certsUrl, BENCH_ACCESS_TOKEN: keys.token });
  const figures = ["read", "write", "batch", "access", "authorize", "file", "schedule", "profile", "parts", "echo", "broadcast", "wake"].filter((f) => PLAN[f] && wanted(f));
  for (const name of figures) {
    let result;
    const figureStart = Date.now();
    try {
      result = await runFigure(bench, name);
      if (argv.includes("--verbose")) console.log(`  (${name}: ${((Date.now() - figureStart) / 1000).toFixed(1)} s)`);
    } catch (error) {
      say(`${name.padEnd(15)} FAILED: ${String(error.message ?? error).split("\n")[0]}`);
      results.figures[name] = { error: String(error.message ?? error) };
      continue;
    }
    const { samples, params } = result;
    const shape = `${params.rounds} rounds × ${params.per}`;
    if (name === "read") {
      results.figures.read = { ...latencyLine("read", samples, "dorm", "raw", TARGETS.read, `20-row SELECT, ${shape}`), params };
    } else if (name === "write") {
      results.figures.write = { ...latencyLine("write", samples, "dorm", "raw", TARGETS.write, `INSERT … RETURNING, ${shape}`), params };
    } else if (name === "batch") {
      const rows = params.rows;
      const perSec = (ms) => rows / (ms / 1000);
      const raw = summary(samples.raw.map(perSec));
      const k = (x) => `${fmt(x / 1000, 1)}k`;
      const out = { raw, params, unit: "rows/s" };
      for (const [key, label, what, target] of [
        ["dorm", "batch", "db.batch(…, { counts: false })", TARGETS.batch],
        ["dorm-counted", "batch counted", "db.batch with per-statement changes/lastRowId", undefined],
      ]) {
        const dorm = summary(samples[key].map(perSec));
        const ratio = paired(samples[key], samples.raw, (d, r) => r / d);
        const targetText = target === undefined ? "" : `  target ≥ ${target}: ${verdict(ratio.p50 >= target)}`;
        say(`${label.padEnd(15)} throughput ratio ${fmt(ratio.p50)} (${range(ratio)})  dorm ${k(dorm.p50)} rows/s (${k(dorm.p25)}–${k(dorm.p75)})  raw ${k(raw.p50)} rows/s (${k(raw.p25)}–${k(raw.p75)})${targetText}  [${rows} rows: ${what} vs transactionSync loop of sql.exec, ${params.rounds} rounds]`);
        out[key] = { ratio, dorm };
      }
      results.figures.batch = { ...out, ratio: out.dorm.ratio, dorm: out.dorm.dorm };
    } else if (name === "access") {
      const out = {};
      for (const [key, label] of [["dorm", "access cached"], ["dorm-nocache", "access uncached"]]) {
        const added = paired(samples[key], samples["dorm-noaccess"], (a, b) => a - b);
        const line = latencyLine(label, samples, key, "raw", undefined, `vs raw jose verify; +${fmt(added.p50)} ms/request (${range(added)}) over dorm without Access, target ≤ ${TARGETS.accessMs}: ${verdict(added.p50 <= TARGETS.accessMs)}; ${shape}`);
        out[key] = { ...line, addedMs: added };
      }
      results.figures.access = { ...out, noaccess: summary(samples["dorm-noaccess"]), params, keyFetches: keys.fetches() };
    } else if (name === "authorize") {
      const access = summary(samples["dorm-access"]);
      const out = { access, params };
      const parts = [];
      for (const [key, label] of [["dorm-rule", "demo rule (a yes remembered 30 s)"], ["dorm-directory", "directory every request"]]) {
        const added = paired(samples[key], samples["dorm-access"], (a, b) => a - b);
        out[key] = { ...summary(samples[key]), addedMs: added };
        parts.push(`${label} ${fmt(out[key].p50)} ms (+${fmt(added.p50)}, ${range(added)})`);
      }
      say(`${"authorize".padEnd(15)} read with Access ${fmt(access.p50)} ms (${range(access)}); ${parts.join("; ")}  [${shape}]`);
      results.figures.authorize = out;
    } else if (name === "file") {
      results.figures.file = { ...latencyLine("file 1 MiB GET", samples, "dorm", "raw", undefined, `serveFile vs bucket.get, ${shape}`), params };
    } else if (name === "schedule") {
      const n = params.rows;
      const out = { params, unit: "ms per round" };
      for (const step of ["schedule", "fire"]) {
        const what = step === "schedule" ? `${n} schedule() calls, each moving the alarm when earliest, vs insert + getAlarm/setAlarm` : `firing ${n} due tasks (each an INSERT; dorm: 256 per wake-up), vs a hand-written alarm loop`;
        const line = latencyLine(`${step} ×${n}`, samples, `${step}-dorm`, `${step}-raw`, TARGETS.schedule, `${what}, ${params.rounds} rounds`);
        say(`${"".padEnd(15)} ${step}: dorm ${fmt(n / line.dorm.p50, 1)}/ms, raw ${fmt(n / line.raw.p50, 1)}/ms`);
        out[step] = line;
      }
      results.figures.schedule = out;
    } else if (name === "echo") {
      results.figures.echo = { ...latencyLine("socket echo", samples, "dorm", "raw", TARGETS.sockets, `a message and its echo on an open socket, ${shape}`), params };
    } else if (name === "broadcast") {
      results.figures.broadcast = { ...latencyLine("socket bcast", samples, "dorm", "raw", TARGETS.sockets, `one message to the 100 other sockets of a shard, until all have it, ${shape}`), params };
    } else if (name === "wake") {
      const us = (key) => summary(samples[key].map((ms) => ms * 1000));
      const [raw, dorm, noCheck] = [us("raw"), us("dorm"), us("dorm-no-check")];
      const check = paired(samples.dorm, samples["dorm-no-check"], (a, b) => (a - b) * 1000);
      say(`${"socket wake".padEnd(15)} µs per wake-up, timed in the object: dorm ${fmt(dorm.p50, 1)} (${range(dorm, 1)}), of which the migration check ${fmt(check.p50, 1)} (${range(check, 1)}) and the rest ${fmt(noCheck.p50, 1)}; raw ${fmt(raw.p50, 1)} (${range(raw, 1)}: its schema statement and auto-response)  [${shape}]`);
      results.figures.wake = { unit: "µs/wake-up", dorm, raw, noCheck, check, params };
    } else if (name === "parts") {
      const parts = Object.fromEntries(Object.entries(samples).map(([part, values]) => [part, summary(values.map((ms) => ms * 1000))]));
      const text = Object.entries(parts).map(([part, s]) => `${part} ${fmt(s.p50, 1)}`).join(", ");
      say(`${"parts".padEnd(15)} µs per op (median of ${params.rounds} rounds × ${params.per}): ${text}`);
      results.figures.parts = { unit: "µs/op", parts, params };
    } else if (name === "profile") {
      const raw = summary(samples.raw);
      const parts = {};
      for (const key of Object.keys(samples)) {
        if (key === "raw") continue;
        const extra = paired(samples[key], samples.raw, (a, b) => a - b);
        parts[key] = { ...summary(samples[key]), extraMs: extra };
      }
      say(`${"profile".padEnd(15)} read +ms over raw (${fmt(raw.p50)} ms): ${Object.entries(parts).map(([k, v]) => `${k} +${fmt(v.extraMs.p50)}`).join(", ")}  [${shape}]`);
      results.figures.profile = { raw, parts, params };
    }
  }
} finally {
  await bench?.stop();
  await keys?.close();
}

let bundles = null;
if (wanted("bundle") || wanted("startup")) {
  // The demo as it deploys (`npm run deploy`: wrangler deploy --minify);
  // wrangler.toml itself leaves minify off so that dev stack traces read.
  const minify = minifySetting(join(ROOT, "wrangler.toml"));
  const demo = dryRunBundle(ROOT, "wrangler.toml", { minify: true });
  const raw = dryRunBundle(ROOT, "bench/raw.wrangler.toml");
  bundles = { demo: demo.code, raw: raw.code };
  if (wanted("bundle")) {
    const minified = demo;
    const keepNames = topLevelSetting(join(ROOT, "wrangler.toml"), "keep_names");
    const setting = `--minify, ${keepNames === null ? "keep_names not set (true)" : `keep_names = ${keepNames}`}`;
    say(`${"bundle".padEnd(15)} demo gzip ${fmt(demo.gzipKiB, 2)} KiB (${setting}; total ${fmt(demo.totalKiB, 2)} KiB)  target ≤ ${TARGETS.bundleKiB} KiB: ${verdict(demo.gzipKiB <= TARGETS.bundleKiB)}  raw worker ${fmt(raw.gzipKiB, 2)} KiB  [wrangler deploy --dry-run --minify --outdir]`);
    const parts = Object.entries(minified.groups).sort((a, b) => b[1] - a[1]);
    const total = parts.reduce((sum, [, bytes]) => sum + bytes, 0);
    say(`${"bundle parts".padEnd(15)} minified, share of the bytes before gzip: ${parts.slice(0, 9).map(([name, bytes]) => `${name} ${fmt((100 * bytes) / total, 0)}%`).join(", ")}`);
    const strip = ({ code, ...rest }) => rest;
    results.figures.bundle = { minify, demo: strip(demo), minified: strip(minified), raw: strip(raw) };
  }
}

if (wanted("startup")) {
  const copies = PLAN.startupCopies;
  const evals = await moduleEvalMs(ROOT, bundles, copies);
  const d = summary(evals.demo.slice(1));
  const r = summary(evals.raw.slice(1));
  const profiled = [];
  for (let i = 0; i < PLAN.startupRuns; i++) profiled.push(startupMs(ROOT, "wrangler.toml").ms);
  const p = summary(profiled);
  say(`${"startup".padEnd(15)} demo module evaluation ${fmt(d.p50, 1)} ms (${range(d, 1)}; first in a fresh isolate ${fmt(evals.demo[0], 0)} ms)  raw ${fmt(r.p50, 1)} ms (${range(r, 1)})  [in workerd, ${copies} copies each, 1 ms clock]  wrangler check startup: demo ${fmt(p.p50, 1)} ms sampled script CPU (${PLAN.startupRuns} run${PLAN.startupRuns === 1 ? "" : "s"})`);
  results.figures.startup = { demo: d, raw: r, demoRuns: evals.demo, rawRuns: evals.raw, checkStartup: { ...p, runs: profiled } };
}

results.seconds = Math.round((Date.now() - started) / 1000);
results.lines = lines;
console.log(`done in ${results.seconds} s`);
if (save) {
  writeFileSync(join(BENCH, "results.json"), JSON.stringify(results, null, 2) + "\n");
  writeFileSync(join(BENCH, "ratios.svg"), renderChart(results));
  console.log("wrote bench/results.json and bench/ratios.svg");
}
