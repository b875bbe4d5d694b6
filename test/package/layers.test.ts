import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { tempTree } from "../e2e/support/temp-tree.ts";
// @ts-expect-error: a plain .mjs script without types
import { circles, folderGraph, layers } from "../../scripts/check-layers.mjs";

type Graph = Map<string, Set<string>>;
const check = { circles, folderGraph, layers } as {
  circles(graph: Graph): string[][];
  folderGraph(root: string): Graph;
  layers(graph: Graph): string[];
};

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = tempTree("dorm-layers-", files);
  temporary.push(root);
  return root;
}

describe("the folders of src/", () => {
  it("import each other in no circle", () => {
    const graph = check.folderGraph(join(ROOT, "src"));
    expect(check.circles(graph)).toEqual([]);
  });

  it("keep the core below the features: no core folder imports a feature", () => {
    const graph = check.folderGraph(join(ROOT, "src"));
    const core = ["errors", "log", "http", "db", "migrations", "app", "router"];
    const features = ["access", "admin", "d1", "files", "sockets", "storage", "users", "schedule", "cli"];
    for (const folder of core) {
      const reached = [...(graph.get(folder) ?? [])].filter((to) => features.includes(to));
      // app's context names the type of ctx.files (R2Storage), nothing more.
      const allowed = folder === "app" ? ["storage"] : [];
      expect(reached, folder).toEqual(allowed);
    }
  });
});

describe("the check", () => {
  it("finds a circle, type imports included", () => {
    const root = tree({
      "a/x.ts": 'import { y } from "../b/y.ts";\nexport const x = y;\n',
      "b/y.ts": 'import type { Z } from "../c/z.ts";\nexport const y = 1 as Z;\n',
      "c/z.ts": 'export type { X } from "../a/x.ts";\nexport type Z = number;\n',
      "d/w.ts": 'import { x } from "../a/x.ts";\n',
    });
    expect(check.circles(check.folderGraph(root))).toEqual([["a", "b", "c"]]);
  });

  it("orders folders without a circle lowest first", () => {
    const root = tree({
      "top/t.ts": 'import { m } from "../middle/m.ts";\n',
      "middle/m.ts": 'import { b } from "../base/b.ts";\nexport const m = b;\n',
      "base/b.ts": "export const b = 1;\n",
    });
    const graph = check.folderGraph(root);
    expect(check.circles(graph)).toEqual([]);
    expect(check.layers(graph)).toEqual(["base", "middle", "top"]);
  });
});
