// No signing secret is written in the repository: a committed one (the demo's
// wrangler.toml once held a "dev-only" value) signs valid file links for any
// deployment that kept it. Secrets come from `wrangler secret put`, a random
// per-process one under `npm start`, or a random one per test run.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "./support/project.ts";

/** Every file git tracks, with its text (binary files skipped). */
function trackedTexts(): [string, string][] {
  const paths = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  const texts: [string, string][] = [];
  for (const path of paths) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(ROOT, path));
    } catch {
      continue; // deleted in the work tree, not yet committed
    }
    if (!bytes.includes(0)) texts.push([path, bytes.toString("utf8")]);
  }
  return texts;
}

// A literal value given to FILES_SIGNING_SECRET: quoted (`NAME = "value"`,
// `{ NAME: 'value' }`), unquoted after `=` (`NAME=value` in a vars file) or on
// a command line (`--var NAME:value`). Not a reference (`${secret}`,
// `<secret>`, `{ NAME: variable }`), a call or a type (`NAME?: string`).
const ASSIGNMENT =
  /FILES_SIGNING_SECRET(?:\s*[=:]\s*(["'`])[^"'`$<]{8,}\1|\s*=\s*[A-Za-z0-9_\-+/=.]{8,}(?![\w(.])|:[^\s"'`$<]{8,})/g;

it("holds no signing secret: not the old dev value, nor any literal FILES_SIGNING_SECRET", () => {
  const texts = trackedTexts();
  expect(texts.length).toBeGreaterThan(100);
  expect(texts.some(([path]) => path === "wrangler.toml")).toBe(true);
  // Spelled in parts, so this file does not contain it.
  const old = ["dev", "only", "insecure", "files", "signing", "secret"].join("-");
  const found: string[] = [];
  for (const [path, text] of texts) {
    if (text.includes(old)) found.push(`${path}: the old dev value`);
    for (const match of text.matchAll(ASSIGNMENT)) found.push(`${path}: ${match[0]}`);
  }
  expect(found).toEqual([]);
});

it("recognises the assignments it looks for", () => {
  // The name spelled in parts, so these samples are not findings in this file.
  const name = ["FILES", "SIGNING", "SECRET"].join("_");
  const sample = [
    `${name} = "dev-only-value-123"`,
    `${name}=abcdefgh12345678`,
    `wrangler dev --var ${name}:abcdefgh12345678`,
    `{ ${name}: 'abcdefgh12345678' }`,
  ];
  for (const line of sample) expect([...line.matchAll(ASSIGNMENT)], line).toHaveLength(1);
  for (const line of [
    `${name}?: string;`,
    `--var ${name}:\${secret}`,
    `--var ${name}:<secret>`,
    `{ ${name}: randomBytes(32).toString() }`,
    `{ ${name}: SIGNING_SECRET }`,
    `wrangler secret put ${name}`,
  ]) {
    expect([...line.matchAll(ASSIGNMENT)], line).toHaveLength(0);
  }
});
