#!/usr/bin/env node
// Memory figure of the file proxy: streams a file far larger than a
// Worker isolate's 128 MB limit up and down through the demo under
// `wrangler dev` and reports the peak memory of workerd, both of the whole
// process (RSS from /proc) and of the app's isolate (V8 heap and array-buffer
// backing stores, from the inspector's Runtime.getHeapUsage). Writes
// bench/memory/RESULTS.md.
//
//   npm run bench:memory                          # 64 MiB, then 512 MiB
//   node bench/memory/files-memory.mjs --mib 1024
//   … --multipart-download   also download the multipart file (slow in local R2)
//
// Linux only (/proc). Takes a few minutes: not part of `npm test`.
import { spawn, execFileSync } from "node:child_process";
import { createHash, randomFillSync } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const MIB = 1024 * 1024;

// WebSocket (for the inspector) is global from Node 22, which wrangler needs anyway.
await main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

async function main() {
  const ROOT = resolve(import.meta.dirname, "../..");
  const argMib = process.argv.indexOf("--mib");
  // Two sizes by default: the figure at 512 MiB, and 64 MiB to show it does not grow with the file.
  const sizes = (argMib > 0 ? process.argv[argMib + 1] : "64,512").split(",").map((mib) => Number(mib) * MIB);
  const runs = [];
  for (const size of sizes) runs.push(await measureSize(ROOT, size));
  const report = render(ROOT, runs);
  writeFileSync(join(import.meta.dirname, "RESULTS.md"), report);
  process.stdout.write(report);
}

/** One fresh dev server; a file of `size` bytes up twice (with and without length) and down. */
async function measureSize(root, size) {
  const dev = await startDev(root, size + MIB);
  try {
    // wrangler dev runs two workerd processes: its dev proxy, and the runtime
    // of the worker itself, the one started with an inspector address.
    const workerds = groupProcesses(dev.pgid).filter((p) => p.comm === "workerd");
    const workerd = workerds.find((p) => p.cmdline.includes("--inspector-addr"));
    if (!workerd) throw new Error(`no workerd runtime among ${JSON.stringify(workerds)}`);
    // The binary measured (wrangler's own workerd, not node_modules/.bin's, which is the test pool's).
    const workerdExe = readlinkSync(`/proc/${workerd.pid}/exe`);
    const isolate = await connectInspector(dev.inspectorPort);

    // Warm up the object, R2 and the code paths with a small file.
    await (await fetch(`${dev.url}/files/warm.bin`, { method: "PUT", body: "warm", headers: { "x-tenant": "bench" } })).arrayBuffer();
    await (await fetch(`${dev.url}/files/warm.bin`, { headers: { "x-tenant": "bench" } })).arrayBuffer();
    await isolate.collectGarbage();
    const idle = { rssKb: statusKb(workerd.pid, "VmRSS"), heap: await isolate.heapUsage() };

    const phase = (label, fn) => measured(workerd.pid, isolate, `${label}, ${size / MIB} MiB`, fn);
    const up = await phase("upload with Content-Length (one streamed `put`)", () => upload(dev.url, "/files/big-length.bin", size, false));
    const upChunked = await phase("upload, chunked (multipart, 5 MiB parts)", () => upload(dev.url, "/files/big-chunked.bin", size, true));
    const down = await phase("download", () => download(dev.url, `/files/${up.result.name}`));
    // miniflare's R2 reads multipart objects slowly (about 1 MB/s here): opt in.
    const downParts = process.argv.includes("--multipart-download")
      ? await phase("download of the multipart file", () => download(dev.url, `/files/${upChunked.result.name}`))
      : null;
    for (const [d, u] of [[down, up], [downParts, upChunked]]) {
      if (d === null) continue;
      if (d.result.status !== 200 || d.result.bytes !== size || d.result.sha256 !== u.result.sha256) {
        throw new Error(`download differs from upload: ${JSON.stringify(d.result)} vs ${u.result.sha256}`);
      }
    }
    isolate.close();
    return { size, idle, workerdExe, phases: [up, upChunked, down, downParts].filter((p) => p !== null) };
  } finally {
    await dev.stop();
  }
}

function render(root, runs) {
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  const kb = (value) => mb(value * 1024);
  const all = runs.flatMap((run) => run.phases);
  const largest = runs.reduce((a, b) => (b.size > a.size ? b : a));
  const isolatePeak = Math.max(...all.map((p) => p.isolatePeak));
  const rssPeak = Math.max(...largest.phases.map((p) => Math.max(p.rssMaxKb, p.hwmKb || 0)));
  const versions = {
    node: process.version,
    wrangler: JSON.parse(readFileSync(join(root, "node_modules/wrangler/package.json"), "utf8")).version,
    workerd: execFileSync(runs[0].workerdExe, ["--version"]).toString().trim(),
  };
  const rows = all
    .map((p) =>
      [
        p.label,
        `${p.seconds.toFixed(1)} s`,
        `**${mb(p.isolatePeak)} MB**`,
        `${mb(p.heapUsedPeak)} MB`,
        `${mb(p.backingPeak)} MB`,
        `${kb(p.rssMaxKb)} MB`,
        `${kb(p.anonMaxKb)} MB`,
        Number.isNaN(p.hwmKb) ? "n/a" : `${kb(p.hwmKb)} MB`,
        `${p.samples}/${p.samples + p.missed}`,
      ].join(" | "),
    )
    .map((row) => `| ${row} |`)
    .join("\n");
  const peaks = runs
    .map((r) => `${r.size / MIB} MiB ${mb(Math.max(...r.phases.map((p) => p.isolatePeak)))} MB`)
    .join(", ");
  const idles = runs
    .map((r) => `${r.size / MIB} MiB run: isolate ${mb(r.idle.heap.usedSize + r.idle.heap.backingStorageSize)} MB, workerd ${kb(r.idle.rssKb)} MB`)
    .join("; ");
  return `# Memory of the file proxy (bench/memory)

Files far larger than a Worker isolate's 128 MB limit, streamed through the demo (router
worker → tenant Durable Object → local R2) under \`wrangler dev\`: up with Content-Length (one
streamed \`put\`), up chunked (multipart), and down; byte-identical (SHA-256 compared).

**Peak of the app's isolate: ${mb(isolatePeak)} MB** (${peaks}): V8 heap in use plus
array-buffer backing stores of the isolate that runs the router worker and the Durable Object,
sampled every 50 ms through the inspector (\`Runtime.getHeapUsage\`).
**Peak RSS of the whole workerd process at ${largest.size / MIB} MiB: ${kb(rssPeak)} MB.**
Idle after warm-up: ${idles}.

| phase | time | isolate peak | of it V8 heap | of it array buffers | workerd RSS max | of it anonymous | workerd VmHWM | isolate samples |
|---|---|---|---|---|---|---|---|---|
${rows}

How to read it. The isolate figure is the one the 128 MB limit applies to. A body of known length
is piped natively into R2 and a download is piped natively; a chunked one holds one 5 MiB part,
plus the parts already sent until V8 collects them, so its peak depends on the garbage
collector, not on a buffered body (compare the sizes). The workerd RSS is an upper
bound: the same process also runs wrangler's local R2 (miniflare's R2 worker, its SQLite and blob
files), workerd's I/O buffers and the allocator's retained memory. It rises with the file size,
much more slowly than the file, and falls again between phases; real R2 is not in the Worker's
process. (An "isolate samples" count below its total means the inspector was too busy to answer
some samples.)

RSS comes from \`/proc/<pid>/status\` (VmRSS, RssAnon) every 50 ms; VmHWM is the kernel's
high-water mark of the phase, reset through \`/proc/<pid>/clear_refs\` before it. The worker is
built once and served with \`--no-bundle\`, so edits in the checkout cannot reload it mid-run.

Command: \`npm run bench:memory\` (\`node bench/memory/files-memory.mjs --mib ${runs.map((r) => r.size / MIB).join(",")}\`;
add \`--multipart-download\` to also download the multipart file, slow in local R2).
Measured ${new Date().toISOString().slice(0, 10)} on ${process.platform}/${process.arch}, Node ${versions.node},
wrangler ${versions.wrangler}, ${versions.workerd}, 2 cores shared with other jobs; times are not a benchmark.
`;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Builds the demo once into a temporary folder and serves that build, so the
 * runtime is not reloaded when files of the checkout change during the run.
 */
function buildDemo(root, dir) {
  execFileSync(process.execPath, [join(root, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", join(dir, "dist")], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
    stdio: "ignore",
  });
  const config = readFileSync(join(root, "wrangler.toml"), "utf8")
    .replace(/^main = .*$/m, 'main = "dist/index.js"')
    .replace(/^migrations_dir = .*$/m, "");
  writeFileSync(join(dir, "wrangler.toml"), config);
  return join(dir, "wrangler.toml");
}

async function startDev(root, maxUploadBytes) {
  const persistDir = mkdtempSync(join(tmpdir(), "dorm-bench-memory-"));
  const config = buildDemo(root, persistDir);
  const port = await freePort();
  const inspectorPort = await freePort();
  const child = spawn(
    process.execPath,
    [
      join(root, "node_modules/wrangler/bin/wrangler.js"), "dev", "-c", config, "--no-bundle",
      "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort),
      "--persist-to", join(persistDir, "state"), "--show-interactive-dev-session=false", "--log-level", "warn",
      "--var", `MAX_UPLOAD_BYTES:${maxUploadBytes}`,
    ],
    {
      cwd: persistDir,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group: workerd is found in it, and stopped with it
    },
  );
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  // Ends the whole process group (wrangler, its workerd processes), then removes the state.
  const stop = async () => {
    const signal = (name) => {
      try {
        process.kill(-child.pid, name);
      } catch {}
    };
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once("exit", done));
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    signal("SIGKILL"); // helpers that outlived wrangler
    rmSync(persistDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not start:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/health`);
      await res.arrayBuffer();
      if (res.status < 500) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, inspectorPort, pgid: child.pid, stop };
}

/** The dev server's processes (its process group), with their command names. */
function groupProcesses(pgid) {
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const fields = stat.slice(close + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
      found.push({ pid: Number(entry), comm: stat.slice(stat.indexOf("(") + 1, close), cmdline });
    } catch {}
  }
  return found;
}

/** A field of /proc/<pid>/status in kB; NaN once the process is gone. */
function statusKb(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** The user worker's isolate through wrangler's inspector proxy (Chrome DevTools Protocol). */
async function connectInspector(port) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { origin: "http://127.0.0.1" } });
  await new Promise((ok, fail) => {
    ws.onopen = ok;
    ws.onerror = () => fail(new Error("cannot reach the inspector"));
  });
  let id = 0;
  const pending = new Map();
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  };
  const send = (method, params = {}) =>
    new Promise((ok, fail) => {
      const messageId = ++id;
      const timer = setTimeout(() => {
        pending.delete(messageId);
        fail(new Error(`inspector: no answer to ${method}`));
      }, 5_000);
      pending.set(messageId, (message) => {
        clearTimeout(timer);
        ok(message);
      });
      ws.send(JSON.stringify({ id: messageId, method, params }));
    });
  return {
    // null when the inspector does not answer in time (the sample is skipped).
    heapUsage: async () => {
      try {
        return (await send("Runtime.getHeapUsage")).result ?? null;
      } catch {
        return null;
      }
    },
    // Best effort: a phase starts from a collected heap where the inspector allows it.
    collectGarbage: async () => {
      try {
        await send("HeapProfiler.enable");
        await send("HeapProfiler.collectGarbage");
      } catch {}
    },
    close: () => ws.close(),
  };
}

/** Runs `fn`, sampling the workerd process and the isolate every 50 ms. */
async function measured(pid, isolate, label, fn) {
  process.stderr.write(`${label}…\n`);
  await isolate.collectGarbage();
  let canReset = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5"); // resets VmHWM
  } catch {
    canReset = false;
  }
  const peaks = { rssMaxKb: 0, anonMaxKb: 0, isolatePeak: 0, heapUsedPeak: 0, backingPeak: 0, samples: 0, missed: 0 };
  // RSS every 50 ms; the isolate every 50 ms too, without waiting for earlier
  // answers (the inspector answers late while workerd is busy moving bytes).
  const pending = new Set();
  const timer = setInterval(() => {
    peaks.rssMaxKb = Math.max(peaks.rssMaxKb, statusKb(pid, "VmRSS"));
    peaks.anonMaxKb = Math.max(peaks.anonMaxKb, statusKb(pid, "RssAnon"));
    if (pending.size >= 20) return;
    const sample = isolate.heapUsage().then((heap) => {
      pending.delete(sample);
      if (!heap) return void peaks.missed++;
      peaks.samples++;
      peaks.isolatePeak = Math.max(peaks.isolatePeak, heap.usedSize + heap.backingStorageSize);
      peaks.heapUsedPeak = Math.max(peaks.heapUsedPeak, heap.usedSize);
      peaks.backingPeak = Math.max(peaks.backingPeak, heap.backingStorageSize);
    });
    pending.add(sample);
  }, 50);
  const started = Date.now();
  const result = await fn();
  const seconds = (Date.now() - started) / 1000;
  clearInterval(timer);
  await Promise.all(pending);
  if (Number.isNaN(peaks.rssMaxKb)) throw new Error(`workerd (pid ${pid}) went away during "${label}"`);
  return { label, result, seconds, ...peaks, hwmKb: canReset ? statusKb(pid, "VmHWM") : NaN };
}

/**
 * PUTs `size` pseudo-random bytes, hashing them as they go; never holds the
 * file. A chunked upload declares its SHA-256 first (Content-Digest), as the
 * demo requires of a body of unknown length: one pass over the same chunks.
 */
function upload(url, path, size, chunked) {
  const CHUNK = 1024 * 1024;
  const block = randomFillSync(Buffer.alloc(CHUNK));
  const chunkAt = (offset) => {
    const chunk = Buffer.from(block);
    chunk.writeUInt32BE(offset / CHUNK, 0); // no two chunks alike
    return chunk;
  };
  const hash = createHash("sha256");
  return new Promise((done, fail) => {
    const headers = { "x-tenant": "bench", "accept-encoding": "identity", "content-type": "application/octet-stream" };
    if (!chunked) headers["content-length"] = String(size);
    else {
      const declared = createHash("sha256");
      for (let offset = 0; offset < size; offset += CHUNK) declared.update(chunkAt(offset));
      headers["content-digest"] = `sha-256=:${declared.digest("base64")}:`;
    }
    const req = request(`${url}${path}`, { method: "PUT", headers }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        if (res.statusCode !== 201) return fail(new Error(`PUT answered ${res.statusCode}: ${body}`));
        done({ name: JSON.parse(body).name, sha256: hash.digest("hex") });
      });
    });
    req.on("error", fail);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const chunk = chunkAt(sent);
        hash.update(chunk);
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

/** GETs a file, hashing it as it streams. */
function download(url, path) {
  return new Promise((done, fail) => {
    const hash = createHash("sha256");
    let bytes = 0;
    request(`${url}${path}`, { headers: { "x-tenant": "bench", "accept-encoding": "identity" } }, (res) => {
      res.on("data", (d) => {
        bytes += d.length;
        hash.update(d);
      });
      res.on("end", () => done({ status: res.statusCode, bytes, sha256: hash.digest("hex") }));
      res.on("error", fail);
    })
      .on("error", fail)
      .end();
  });
}
