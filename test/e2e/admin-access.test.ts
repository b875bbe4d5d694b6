import { afterAll, beforeAll, expect, it } from "vitest";
import { startAccessDemo } from "./support/access-demo.ts";
import type { AccessDemo } from "./support/access-demo.ts";
import { accessClaims, signToken } from "./support/access-tokens.ts";
import { dorm } from "./support/dorm-cli.ts";

// Admin and Access together on the demo under wrangler dev: `dorm
// create-admin` promotes a person, and their next `/me` says so.
const TEAM = "dorm-admin-e2e";
const AUD = "admin-e2e-aud";
const ADMIN_TOKEN = "e2e-admin-access-token-8c1f3b";

let demo: AccessDemo | undefined;

beforeAll(async () => {
  demo = await startAccessDemo(TEAM, AUD, { ADMIN_TOKEN });
}, 180_000);

afterAll(async () => {
  await demo?.stop();
}, 60_000);

async function me(email: string): Promise<{ status: number; body: unknown }> {
  const token = await signToken(demo!.key, accessClaims(`https://${TEAM}.cloudflareaccess.com`, AUD, email));
  const response = await fetch(`${demo!.dev.url}/me`, { headers: { "cf-access-jwt-assertion": token } });
  return { status: response.status, body: await response.json() };
}

it("create-admin (the real CLI) makes /me report is_staff: true for that email", async () => {
  expect(await me("grace@example.com")).toEqual({
    status: 200,
    body: { email: "grace@example.com", name: null, is_staff: false },
  });
  const run = await dorm(["create-admin", "--email", "grace@example.com", "--name", "Grace Hopper", "--json"], {
    env: { DORM_URL: demo!.dev.url, DORM_ADMIN_TOKEN: ADMIN_TOKEN },
  });
  expect(run.code, run.stderr).toBe(0);
  const after = await me("grace@example.com");
  expect(after.status).toBe(200);
  expect(after.body).toMatchObject({ email: "grace@example.com", is_staff: true });
  // Someone else is untouched.
  expect((await me("other@example.com")).body).toMatchObject({ is_staff: false });
}, 120_000);
