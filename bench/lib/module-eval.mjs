import { join } from "node:path";
import { compatibilityDate } from "./bundle.mjs";
import { wranglerMiniflare } from "./workerd.mjs";

/**
 * Module evaluation timed inside workerd: `copies` copies of each bundle
 * (each with a distinct trailing comment, so no compile cache is shared) are
 * imported one after another, alternating demo and raw, and each `import()`
 * is timed with performance.now(), which this local workerd advances with CPU
 * time (at 1 ms resolution). The first import of a fresh isolate also pays
 * the isolate's own warm-up, so it is reported apart.
 */
export async function moduleEvalMs(root, bundles, copies) {
  const names = Object.keys(bundles);
  const modules = [
    {
      type: "ESModule",
      path: "/m/main.js",
      contents: `
const names = ${JSON.stringify(names)};
export default {
  async fetch() {
    const out = Object.fromEntries(names.map((n) => [n, []]));
    for (let i = 0; i < ${copies}; i++) {
      const order = i % 2 ? [...names].reverse() : names;
      for (const name of order) {
        const start = performance.now();
        await import("./" + name + "-" + i + ".js");
        out[name].push(performance.now() - start);
      }
    }
    return Response.json(out);
  },
};`,
    },
  ];
  for (let i = 0; i < copies; i++) {
    for (const name of names) {
      modules.push({ type: "ESModule", path: `/m/${name}-${i}.js`, contents: `${bundles[name]}\n// copy ${i}\n` });
    }
  }
  const mf = await wranglerMiniflare(root, {
    modules,
    modulesRoot: "/m",
    compatibilityDate: compatibilityDate(join(root, "wrangler.toml")),
    handleStructuredLogs: () => {},
  });
  try {
    const response = await mf.dispatchFetch("http://localhost/");
    if (!response.ok) throw new Error(`module evaluation run: HTTP ${response.status} ${await response.text()}`);
    return await response.json();
  } finally {
    await mf.dispose();
  }
}
