#!/usr/bin/env node
// Fails when the folders of src/ import each other in a circle (type imports
// count too: a type's home is one folder). Prints the folders in layer order,
// lowest first, so a reader sees which may import which.
//
//   node scripts/check-layers.mjs [src]

import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The top folder of a file under `root` (`router` for src/router/steps/x.ts); files directly in `root` have none. */
function folderOf(root, file) {
  const parts = relative(root, file).split(sep);
  return parts.length > 1 ? parts[0] : null;
}

/** Folder → the folders its files import (relative imports only). */
export function folderGraph(root) {
  const graph = new Map();
  for (const file of sourceFiles(root)) {
    const from = folderOf(root, file);
    if (from === null) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    for (const match of readFileSync(file, "utf8").matchAll(SPECIFIER)) {
      const specifier = match[1] ?? match[2];
      if (!specifier?.startsWith(".")) continue;
      const to = folderOf(root, resolve(dirname(file), specifier));
      if (to !== null && to !== from && !to.startsWith("..")) graph.get(from).add(to);
    }
  }
  return graph;
}

/** The strongly connected components with more than one folder: each is a circle. */
export function circles(graph) {
  let index = 0;
  const stack = [];
  const state = new Map();
  const found = [];
  const visit = (node) => {
    state.set(node, { index, low: index, onStack: true });
    index++;
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!state.has(next)) {
        visit(next);
        state.get(node).low = Math.min(state.get(node).low, state.get(next).low);
      } else if (state.get(next).onStack) {
        state.get(node).low = Math.min(state.get(node).low, state.get(next).index);
      }
    }
    if (state.get(node).low === state.get(node).index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        state.get(member).onStack = false;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

/** Folders lowest layer first: each after everything it imports (only meaningful without circles). */
export function layers(graph) {
  const order = [];
  const done = new Set();
  const place = (node) => {
    if (done.has(node)) return;
    done.add(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) place(next);
    order.push(node);
  };
  for (const node of [...graph.keys()].sort()) place(node);
  return order;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? "src");
  const graph = folderGraph(root);
  const found = circles(graph);
  if (found.length > 0) {
    for (const circle of found) {
      console.error(`import circle between folders of ${relative(process.cwd(), root)}/: ${circle.join(", ")}`);
      for (const from of circle) {
        const into = [...graph.get(from)].filter((to) => circle.includes(to));
        console.error(`  ${from} imports ${into.join(", ")}`);
      }
    }
    process.exitCode = 1;
  } else {
    for (const folder of layers(graph)) {
      const imports = [...graph.get(folder)].sort();
      console.log(`${folder.padEnd(12)} ${imports.length > 0 ? `imports ${imports.join(", ")}` : "imports nothing of src/"}`);
    }
    console.log("no import circle between folders");
  }
}
