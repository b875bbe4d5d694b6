#!/usr/bin/env node
// Renders bench/results.json as bench/ratios.svg: one bar per dorm/raw ratio
// with its p25–p75 whisker and the target, no dependencies. `npm run bench
// -- --save` calls renderChart; `node bench/chart.mjs` redraws from the JSON.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The bars: label, ratio summary, target and its direction. */
function bars(results) {
  const f = results.figures;
  const out = [];
  if (f.read?.ratio) out.push({ label: "read latency", s: f.read.ratio, target: 1.05, better: "lower" });
  if (f.write?.ratio) out.push({ label: "write latency", s: f.write.ratio, target: 1.05, better: "lower" });
  if (f.batch?.ratio) out.push({ label: "batch throughput", s: f.batch.ratio, target: 0.9, better: "higher" });
  if (f.access?.dorm?.ratio) out.push({ label: "Access, token cache", s: f.access.dorm.ratio, better: "lower" });
  if (f.access?.["dorm-nocache"]?.ratio) out.push({ label: "Access, no cache", s: f.access["dorm-nocache"].ratio, better: "lower" });
  if (f.file?.ratio) out.push({ label: "1 MiB file GET", s: f.file.ratio, better: "lower" });
  return out;
}

export function renderChart(results) {
  const items = bars(results);
  const W = 720;
  const rowH = 34;
  const left = 170;
  const right = 150;
  const top = 62;
  const H = top + items.length * rowH + 44;
  const max = Math.ceil(Math.max(1.5, ...items.map((b) => b.s.p75 ?? b.s.p50)) * 4) / 4;
  const x = (v) => left + ((W - left - right) * v) / max;
  const parts = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="13">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  parts.push(`<text x="${left}" y="20" font-weight="600">dorm / hand-written Durable Object (1.0 = same as raw)</text>`);
  parts.push(`<text x="${left}" y="37" fill="#555" font-size="11">${esc(`${results.command} · ${results.startedAt.slice(0, 10)} · ${results.machine.nproc} cores · ${results.machine.workerd}`)}</text>`);
  parts.push(`<text x="${left}" y="51" fill="#555" font-size="11">bar: median of per-round ratios · whisker: p25–p75 · dashed: target · red: target missed</text>`);
  // gridlines
  for (let v = 0; v <= max; v += 0.25) {
    const gx = x(v).toFixed(1);
    parts.push(`<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${H - 36}" stroke="${v === 1 ? "#333" : "#e4e4e4"}" stroke-width="${v === 1 ? 1.2 : 1}"/>`);
    parts.push(`<text x="${gx}" y="${H - 20}" text-anchor="middle" fill="#555" font-size="11">${v.toFixed(2)}</text>`);
  }
  items.forEach((b, i) => {
    const y = top + i * rowH;
    const ok = b.target === undefined ? null : b.better === "lower" ? b.s.p50 <= b.target : b.s.p50 >= b.target;
    const color = ok === null ? "#7a8ca3" : ok ? "#3c8d5a" : "#c0504d";
    parts.push(`<text x="${left - 8}" y="${y + 19}" text-anchor="end">${esc(b.label)}</text>`);
    parts.push(`<rect x="${left}" y="${y + 6}" width="${(x(b.s.p50) - left).toFixed(1)}" height="18" fill="${color}"/>`);
    parts.push(`<line x1="${x(b.s.p25).toFixed(1)}" y1="${y + 15}" x2="${x(b.s.p75).toFixed(1)}" y2="${y + 15}" stroke="#111" stroke-width="1.5"/>`);
    if (b.target !== undefined) {
      const tx = x(b.target).toFixed(1);
      parts.push(`<line x1="${tx}" y1="${y + 2}" x2="${tx}" y2="${y + 28}" stroke="#111" stroke-dasharray="3 2"/>`);
    }
    const note = b.target === undefined ? "" : ` (target ${b.better === "lower" ? "≤" : "≥"} ${b.target})`;
    parts.push(`<text x="${W - right + 8}" y="${y + 19}">${b.s.p50.toFixed(3)}${esc(note)}</text>`);
  });
  parts.push(`</svg>`);
  return parts.join("\n") + "\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bench = dirname(fileURLToPath(import.meta.url));
  const results = JSON.parse(readFileSync(join(bench, "results.json"), "utf8"));
  writeFileSync(join(bench, "ratios.svg"), renderChart(results));
  console.log("wrote bench/ratios.svg");
}
