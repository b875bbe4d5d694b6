#!/usr/bin/env node
// The `dorm` command (`npx dorm …`): a launcher for the CLI that `npm run build`
// compiles from src/cli/*.ts into dist/cli/ (run on `npm install` in this
// repository, and before packing).
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli/main.js", import.meta.url);
if (existsSync(cli)) {
  const { runInProcess } = await import(cli.href);
  await runInProcess();
} else {
  process.stderr.write("dorm: the CLI is not built (no dist/cli/main.js): run npm run build\n");
  process.exitCode = 1;
}
