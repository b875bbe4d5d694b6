#!/usr/bin/env node
// The `dorm` command (`npx dorm …`). Plain JavaScript so Node runs it as
// installed (Node strips no types under node_modules), with no build step; see src/cli/.
import { main } from "../src/cli/main.js";

const code = await main({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  fetch: globalThis.fetch,
});
process.exitCode = code;
