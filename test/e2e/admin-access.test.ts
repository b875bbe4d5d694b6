import { afterAll, beforeAll, expect, it } from "vitest";
import { startKeyServer } from "./support/access-key-server.ts";
import type { KeyServer } from "./support/access-key-server.ts";
import { accessClaims, newSigningKey, signToken } from "./support/access-tokens.ts";
import type { SigningKey } from "./support/access-tokens.ts";
import { dorm } from "./support/dorm-cli.ts";
import { removeDir, startDev } from "./support/wrangler-dev.ts";
import type { DevServer } from "./support/wrangler-dev.ts";

// Admin and Access together on the demo under wrangler dev: `dorm
// create-admin` promotes a person, and their next `/me` says so.
const TEAM = "dorm-admin-e2e";
const AUD = "admin-e2e-aud";
const ADMIN_TOKEN = "e2e-admin-access-token-8c1f3b";

let keys: KeyServer;
let key: SigningKey;
let dev: DevServer | undefined;

beforeAll(async () => {
  keys = await startKeyServer();
  key = await newSigningKey();
  const realm = keys.createRealm([key.publicJwk]);
  dev = await startDev({
    vars: { ACCESS_TEAM_NAME: TEAM, ACCESS_AUD: AUD, ACCESS_CERTS_URL: realm.certsUrl, ADMIN_TOKEN },
  });
}, 180_000);

afterAll(async () => {
  await dev?.stop();
  if (dev) removeDir(dev.persistDir);
  await keys?.close();
}, 60_000);

async function me(email: string): Promise<{ status: number; body: unknown }> {
  const token = await signToken(key, accessClaims(`https://${TEAM}.cloudflareaccess.com`, AUD, email));
  const response = await fetch(`${dev!.url}/me`, { headers: { "cf-access-jwt-assertion": token } });
  return { status: response.status, body: await response.json() };
}

it("create-admin (the real CLI) makes /me report is_staff: true for that email", async () => {
  expect(await me("grace@example.com")).toEqual({
    status: 200,
    body: { email: "grace@example.com", name: null, is_staff: false },
  });
  const run = await dorm(["create-admin", "--email", "grace@example.com", "--name", "Grace Hopper", "--json"], {
    env: { DORM_URL: dev!.url, DORM_ADMIN_TOKEN: ADMIN_TOKEN },
  });
  expect(run.code, run.stderr).toBe(0);
  const after = await me("grace@example.com");
  expect(after.status).toBe(200);
  expect(after.body).toMatchObject({ email: "grace@example.com", is_staff: true });
  // Someone else is untouched.
  expect((await me("other@example.com")).body).toMatchObject({ is_staff: false });
}, 120_000);
