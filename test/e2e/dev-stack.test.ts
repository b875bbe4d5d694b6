// Under `wrangler dev` (npm start) the demo is not minified, so a logged
// error's stack names the functions it went through, as the source names them.
import { afterAll, beforeAll, expect, it } from "vitest";
import { removeDir, startDev } from "./support/wrangler-dev.ts";
import type { DevServer } from "./support/wrangler-dev.ts";

let dev: DevServer | undefined;

beforeAll(async () => {
  // A mistyped mode var: the router's D1 step throws a ConfigError on every request.
  dev = await startDev({ vars: { DATABASE_MODE: "D1 " } });
}, 180_000);

afterAll(async () => {
  await dev?.stop();
  if (dev) removeDir(dev.persistDir);
});

it("logs a thrown error with a stack of readable function names", async () => {
  const response = await fetch(`${dev!.url}/notes`);
  expect(response.status).toBe(500);
  const { requestId } = (await response.json()) as { requestId: string };
  let line = "";
  for (let tries = 0; tries < 50 && line === ""; tries++) {
    line = dev!.output().split("\n").find((text) => text.includes(requestId) && text.includes('"stack"')) ?? "";
    if (line === "") await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // wrangler prints the line in colour: the JSON is from the first { to the last }.
  const json = line.replace(/\u001b\[[0-9;]*m/g, "");
  const { stack } = JSON.parse(json.slice(json.indexOf("{"), json.lastIndexOf("}") + 1)).error as { stack: string };
  expect(stack).toMatch(/^ConfigError: d1Mode\.mode: returned "D1 "/);
  // The frames name dorm's own functions; a minified bundle would say `at Gi (index.js:46:4888)`.
  expect(stack).toMatch(/at (Object\.)?active /);
  expect(stack).toMatch(/at (Object\.)?step /);
  expect(stack).not.toMatch(/at [A-Za-z]{1,2} \(/);
});
