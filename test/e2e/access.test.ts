import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signFileKey } from "../../src/storage/signing.ts";
import { startAccessDemo } from "./support/access-demo.ts";
import type { AccessDemo } from "./support/access-demo.ts";
import type { KeyServer } from "./support/access-key-server.ts";
import { accessClaims, b64url, newSigningKey, signToken } from "./support/access-tokens.ts";
import type { SigningKey } from "./support/access-tokens.ts";
import { uniqueTenant } from "./support/client.ts";
import { removeDir, startDev } from "./support/wrangler-dev.ts";
import type { DevServer } from "./support/wrangler-dev.ts";

// The demo under `wrangler dev` with Access on: ACCESS_CERTS_URL points at a
// loopback key server this file starts, so every attack of the workers suite
// is replayed over real HTTP against the real bundle.

const TEAM = "dorm-e2e";
const ISSUER = `https://${TEAM}.cloudflareaccess.com`;
const AUD = "e2e-aud";
const UNAUTHORIZED = { error: "unauthorized", message: "a valid Cloudflare Access token is required", requestId: expect.any(String) };

let demo: AccessDemo | undefined;
let keys: KeyServer;
let key: SigningKey;
let stranger: SigningKey;
let realm: { id: string; certsUrl: string };
let dev: DevServer | undefined;
// The demo's signing secret for this run, so the tests can forge and expire links.
const SIGNING_SECRET = randomBytes(32).toString("base64url");

beforeAll(async () => {
  demo = await startAccessDemo(TEAM, AUD, { FILES_SIGNING_SECRET: SIGNING_SECRET });
  ({ keys, key, realm, dev } = demo);
  stranger = await newSigningKey();
}, 180_000);

afterAll(async () => {
  await demo?.stop();
}, 60_000);

const claims = (email = "ada@example.com", overrides: Record<string, unknown> = {}) =>
  accessClaims(ISSUER, AUD, email, overrides);

async function get(path: string, headers: Record<string, string> = {}, base = dev!.url): Promise<{ status: number; body: unknown }> {
  const response = await fetch(base + path, { headers });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, body };
}

const withToken = (token: string, extra: Record<string, string> = {}) => ({ "cf-access-jwt-assertion": token, ...extra });

async function expect401(token: string, base?: string): Promise<void> {
  const result = await get("/me", withToken(token), base);
  expect(result).toEqual({ status: 401, body: UNAUTHORIZED });
}

describe("valid tokens", () => {
  it("/health needs no token", async () => {
    expect(await get("/health")).toEqual({ status: 200, body: { ok: true } });
  });

  it("/me answers {email, name, is_staff} for a token in the header", async () => {
    const token = await signToken(key, claims("ada@example.com", { name: "Ada Lovelace" }));
    expect(await get("/me", withToken(token))).toEqual({
      status: 200,
      body: { email: "ada@example.com", name: "Ada Lovelace", is_staff: false },
    });
  });

  it("accepts the CF_Authorization cookie", async () => {
    const token = await signToken(key, claims("cookie@example.com"));
    const result = await get("/me", { cookie: `a=1; CF_Authorization=${token}` });
    expect(result).toEqual({ status: 200, body: { email: "cookie@example.com", name: null, is_staff: false } });
  });

  it("answers {service, is_staff:false} for a service token", async () => {
    const token = await signToken(key, claims("", { email: undefined, sub: "", common_name: "ci-bot.access" }));
    expect(await get("/me", withToken(token))).toEqual({ status: 200, body: { service: "ci-bot.access", is_staff: false } });
  });

  it("protects the notes routes", async () => {
    const tenant = uniqueTenant("acc");
    expect((await get("/notes", { "x-tenant": tenant })).status).toBe(401);
    const token = await signToken(key, claims());
    expect(await get("/notes", withToken(token, { "x-tenant": tenant }))).toEqual({ status: 200, body: { notes: [], cursor: null } });
  });

  it("updates the user's name on a later sight", async () => {
    const tenant = uniqueTenant("names");
    const first = await signToken(key, claims("grace@example.com", { name: "Grace Hopper" }));
    expect((await get("/me", withToken(first, { "x-tenant": tenant }))).body).toMatchObject({ name: "Grace Hopper" });
    const second = await signToken(key, claims("grace@example.com", { name: "Grace B. Hopper" }));
    expect((await get("/me", withToken(second, { "x-tenant": tenant }))).body).toMatchObject({ name: "Grace B. Hopper" });
    const third = await signToken(key, claims("grace@example.com"));
    expect((await get("/me", withToken(third, { "x-tenant": tenant }))).body).toMatchObject({ name: "Grace B. Hopper" });
  });
});

describe("refused with 401", () => {
  it("no token, empty token, forged identity headers", async () => {
    expect(await get("/me")).toEqual({ status: 401, body: UNAUTHORIZED });
    expect(await get("/me", withToken(""))).toEqual({ status: 401, body: UNAUTHORIZED });
    const forged = { "cf-access-authenticated-user-email": "admin@example.com", "x-dorm-user": "admin@example.com" };
    expect(await get("/me", forged)).toEqual({ status: 401, body: UNAUTHORIZED });
  });

  it("expired, not yet valid, without exp", async () => {
    await expect401(await signToken(key, claims("e@example.com", { exp: Math.floor(Date.now() / 1000) - 600 })));
    await expect401(await signToken(key, claims("n@example.com", { nbf: Math.floor(Date.now() / 1000) + 600 })));
    await expect401(await signToken(key, claims("x@example.com", { exp: undefined })));
  });

  it("wrong audience, other team's issuer, look-alike issuers", async () => {
    await expect401(await signToken(key, claims("a@example.com", { aud: ["another-app"] })));
    await expect401(await signToken(key, claims("a@example.com", { iss: "https://other-team.cloudflareaccess.com" })));
    for (const iss of [
      "https://attacker.example/.cloudflareaccess.com",
      `${ISSUER}.attacker.example`,
      `https://x.${TEAM}.cloudflareaccess.com`,
      `${ISSUER}/`,
      `${ISSUER}:443`,
      `https://attacker.example@${TEAM}.cloudflareaccess.com`,
    ]) {
      await expect401(await signToken(key, claims("a@example.com", { iss })));
    }
  });

  it("alg none and HS256 signed with the public key", async () => {
    const payload = b64url(claims());
    await expect401(`${b64url({ alg: "none", kid: key.kid, typ: "JWT" })}.${payload}.`);
    await expect401(`${b64url({ alg: "none", kid: key.kid, typ: "JWT" })}.${payload}.c2ln`);
    const confused = await new SignJWT(claims())
      .setProtectedHeader({ alg: "HS256", kid: key.kid, typ: "JWT" })
      .sign(new TextEncoder().encode(key.publicPem));
    await expect401(confused);
  });

  it("a stranger's key with our kid and with an unknown kid", async () => {
    await expect401(await signToken({ ...stranger, kid: key.kid }, claims()));
    await expect401(await signToken(stranger, claims()));
  });

  it("a tampered payload", async () => {
    const [header, , signature] = (await signToken(key, claims("mallory@example.com"))).split(".");
    await expect401(`${header}.${b64url(claims("admin@example.com"))}.${signature}`);
  });

  it("malformed and huge tokens", async () => {
    const [h, p, s] = (await signToken(key, claims())).split(".");
    for (const token of ["garbage", "a.b.c", `${h}.${p}`, `${h}.${p}.${s}.x`, `${b64url("nope")}.${p}.${s}`]) {
      await expect401(token);
    }
    // Past the 16 KiB limit: refused before parsing (wrangler dev passes such a header through).
    const huge = `${h}.${"A".repeat(17_000)}.${s}`;
    expect(await get("/me", withToken(huge))).toEqual({ status: 401, body: UNAUTHORIZED });
    expect(await get("/me", { cookie: `CF_Authorization=${huge}` })).toEqual({ status: 401, body: UNAUTHORIZED });
  });

  it("jku, x5u and embedded jwk pointing at the attacker's keys: ignored and never fetched", async () => {
    const bait = keys.createRealm([stranger.publicJwk]);
    await expect401(await signToken(stranger, claims(), { jku: bait.certsUrl }));
    await expect401(await signToken(stranger, claims(), { x5u: bait.certsUrl }));
    await expect401(await signToken(stranger, claims(), { jwk: stranger.publicJwk }));
    await expect401(await signToken({ ...stranger, kid: key.kid }, claims(), { jku: bait.certsUrl }));
    expect(keys.fetches(bait.id)).toBe(0);
  });
});

describe("keys and objects", () => {
  it("20 requests with 20 distinct tokens fetch the keys at most once", async () => {
    const before = keys.fetches(realm.id);
    for (let i = 0; i < 20; i++) {
      const token = await signToken(key, claims(`many${i}@example.com`, { jti: `${i}-${Date.now()}` }));
      expect((await get("/me", withToken(token))).status).toBe(200);
    }
    expect(keys.fetches(realm.id) - before).toBeLessThanOrEqual(1);
    expect(keys.fetches(realm.id)).toBeGreaterThanOrEqual(1);
  });

  it("unauthenticated requests with fresh tenant names create no Durable Object", async () => {
    const objects = () => {
      const dir = join(dev!.persistDir, "v3", "do", "dorm-notes-NotesApp");
      try {
        return readdirSync(dir).filter((name) => name.endsWith(".sqlite")).length;
      } catch {
        return 0;
      }
    };
    const before = objects();
    const expired = await signToken(key, claims("x@example.com", { exp: Math.floor(Date.now() / 1000) - 600 }));
    for (let i = 0; i < 5; i++) {
      const headers: Record<string, string> = { "x-tenant": uniqueTenant("ghost") };
      if (i % 2 === 1) headers["cf-access-jwt-assertion"] = expired;
      expect((await get("/notes", headers)).status).toBe(401);
    }
    expect(objects()).toBe(before);
    // The control: one authenticated request with a fresh tenant adds one object.
    const token = await signToken(key, claims());
    expect((await get("/notes", withToken(token, { "x-tenant": uniqueTenant("real") }))).status).toBe(200);
    expect(objects()).toBe(before + 1);
  });

  it("the admin routes are not behind Access (they answer to their own token)", async () => {
    const result = await get("/_dorm/admin/stats");
    expect(result.status).toBe(401);
    expect(result.body).not.toEqual(UNAUTHORIZED);
  });
});

describe("signed file URLs", () => {
  it("a valid signed URL needs no token; a forged or expired one gets 403, with or without a token", async () => {
    const tenant = uniqueTenant("signed");
    const token = await signToken(key, claims());
    const put = await fetch(`${dev!.url}/files/s.txt`, {
      method: "PUT",
      body: "signed body",
      headers: withToken(token, { "x-tenant": tenant }),
    });
    expect(put.status).toBe(201);
    await put.arrayBuffer();
    const expires = Math.floor(Date.now() / 1000) + 300;
    const signature = await signFileKey(SIGNING_SECRET, `tenants/${tenant}/s.txt`, expires);
    const signed = `/files/s.txt?expires=${expires}&signature=${signature}`;
    const ok = await fetch(dev!.url + signed, { headers: { "x-tenant": tenant, "accept-encoding": "identity" } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("signed body");

    const forged = `/files/s.txt?expires=${expires + 1}&signature=${signature}`;
    expect((await get(forged, { "x-tenant": tenant })).status).toBe(403);
    expect((await get(forged, withToken(token, { "x-tenant": tenant }))).status).toBe(403);
    const past = Math.floor(Date.now() / 1000) - 10;
    const expired = `/files/s.txt?expires=${past}&signature=${await signFileKey(SIGNING_SECRET, `tenants/${tenant}/s.txt`, past)}`;
    expect((await get(expired, { "x-tenant": tenant })).status).toBe(403);
    // A signature never authorises a write or a delete.
    const write = await fetch(dev!.url + signed, { method: "PUT", body: "x", headers: { "x-tenant": tenant } });
    expect(write.status).toBe(401);
    await write.arrayBuffer();
    const remove = await fetch(dev!.url + signed, { method: "DELETE", headers: { "x-tenant": tenant } });
    expect(remove.status).toBe(401);
    await remove.arrayBuffer();
    // Minting a link needs Access; a link minted with a token works without one.
    expect((await get("/files/s.txt?link", { "x-tenant": tenant })).status).toBe(401);
    const minted = await get("/files/s.txt?link", withToken(token, { "x-tenant": tenant }));
    expect(minted.status).toBe(200);
    const link = (minted.body as { url: string }).url;
    const viaLink = await fetch(dev!.url + link, { headers: { "x-tenant": tenant, "accept-encoding": "identity" } });
    expect(await viaLink.text()).toBe("signed body");
    // Signature parameters do not open other routes, nor the listing.
    expect((await get(`/files/?expires=${expires}&signature=${signature}`, { "x-tenant": tenant })).status).toBe(401);
    expect((await get(`/notes?expires=${expires}&signature=${signature}`, { "x-tenant": tenant })).status).toBe(401);
  });
});

describe("with only an AUD configured", () => {
  let audOnly: DevServer | undefined;
  let bait: { id: string; certsUrl: string };

  beforeAll(async () => {
    bait = keys.createRealm([key.publicJwk]);
    audOnly = await startDev({ vars: { ACCESS_AUD: AUD, ACCESS_CERTS_URL: realm.certsUrl } });
  }, 180_000);

  afterAll(async () => {
    await audOnly?.stop();
    if (audOnly) removeDir(audOnly.persistDir);
  }, 60_000);

  it("admits a well-formed Access issuer and refuses every look-alike before fetching anything", async () => {
    const base = audOnly!.url;
    expect((await get("/me", withToken(await signToken(key, claims("ok@example.com"))), base)).status).toBe(200);
    const baitBase = bait.certsUrl.replace(/\/cdn-cgi\/access\/certs$/, "");
    for (const iss of [
      "https://attacker.example/.cloudflareaccess.com",
      `${baitBase}/.cloudflareaccess.com`,
      `${baitBase}?.cloudflareaccess.com`,
      `${baitBase}#.cloudflareaccess.com`,
      `https://${TEAM}.cloudflareaccess.com@${baitBase.replace("http://", "")}`,
      `${ISSUER}.127.0.0.1.nip.io`,
      `https://a.${TEAM}.cloudflareaccess.com`,
      `${ISSUER}:8443`,
      `${ISSUER}/x`,
      `http://${TEAM}.cloudflareaccess.com`,
    ]) {
      await expect401(await signToken(key, claims("mallory@example.com", { iss })), base);
    }
    expect(keys.fetches(bait.id)).toBe(0);
  });
});
