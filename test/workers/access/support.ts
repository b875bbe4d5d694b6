import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { exportJWK, generateKeyPair, importJWK, SignJWT } from "jose";
import type { JWTPayload } from "jose";
import { inject } from "vitest";
import { access as accessFeature } from "../../../src/access/index.ts";
import { byHeader, ConfigError, createWorker } from "../../../src/index.ts";
import type { AccessOptions } from "../../../src/access/index.ts";
import type { RouterConfig } from "../../../src/index.ts";
import { configureAccessFixture } from "../fixtures/access-app.ts";

/** Same shape as in test/e2e/support/access-workers-setup.ts (a Node file this program cannot import). */
interface AccessKeysContext {
  url: string;
  fixture: { certsUrl: string; kid: string; privateJwk: Record<string, unknown> };
}

declare module "vitest" {
  export interface ProvidedContext {
    accessKeys: AccessKeysContext;
  }
}

export const TEAM = "dorm-test";
export const ISSUER = `https://${TEAM}.cloudflareaccess.com`;
export const AUD = "test-aud";

export const keyServer = inject("accessKeys");

/** A signing key and the public JWK a realm publishes for it. */
export interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: Record<string, unknown> & { kid: string };
}

let counter = 0;
/** A name no other test in this isolate uses. */
export const fresh = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${counter++}`;

export async function newKey(kid: string = fresh("kid")): Promise<TestKey> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

/** The shared fixture realm's key (the one AccessApp's config trusts). */
export async function fixtureKey(): Promise<TestKey> {
  configureAccessFixture(keyServer.fixture.certsUrl);
  const { privateJwk, kid } = keyServer.fixture;
  const privateKey = (await importJWK(privateJwk, "RS256")) as CryptoKey;
  return { kid, privateKey, publicJwk: { kid } };
}

export interface Realm {
  id: string;
  certsUrl: string;
}

async function control(path: string, init: RequestInit): Promise<Response> {
  const response = await fetch(`${keyServer.url}${path}`, init);
  if (!response.ok) throw new Error(`key server ${path}: ${response.status} ${await response.text()}`);
  return response;
}

/** A realm of the key server publishing `keys`: its own key set and fetch counter. */
export async function createRealm(keys: TestKey[]): Promise<Realm> {
  const response = await control("/realms", {
    method: "POST",
    body: JSON.stringify({ keys: keys.map((k) => k.publicJwk) }),
  });
  return response.json<Realm>();
}

export async function setRealmKeys(realm: Realm, keys: TestKey[]): Promise<void> {
  await control(`/realms/${realm.id}/keys`, { method: "PUT", body: JSON.stringify({ keys: keys.map((k) => k.publicJwk) }) });
}

export async function failRealm(realm: Realm, status: number | null): Promise<void> {
  await control(`/realms/${realm.id}/fail`, { method: "PUT", body: JSON.stringify({ status }) });
}

/** How many times the realm's certs URL was fetched. */
export async function fetches(realm: Realm): Promise<number> {
  const response = await control(`/realms/${realm.id}/stats`, { method: "GET" });
  return (await response.json<{ fetches: number }>()).fetches;
}

export const now = (): number => Math.floor(Date.now() / 1000);

/** Claims of a valid person token for `email`, with `overrides` applied (undefined removes a claim). */
export function claims(email = "ada@example.com", overrides: Record<string, unknown> = {}): JWTPayload {
  const base: Record<string, unknown> = {
    iss: ISSUER,
    aud: [AUD],
    exp: now() + 600,
    iat: now(),
    nbf: now() - 5,
    sub: "0f4a-user",
    email,
    type: "app",
    identity_nonce: "nonce",
    country: "PT",
  };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[name];
    else base[name] = value;
  }
  return base as JWTPayload;
}

/** An RS256 token signed by `key`, with `header` overrides (kid, jku, …). */
export async function sign(key: TestKey, payload: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT", ...header }).sign(key.privateKey);
}

/** Access options for a realm: the fixture team and AUD, keys from the realm. */
export function accessFor(realm: Realm, extra: AccessOptions = {}): AccessOptions {
  return { teamName: TEAM, aud: AUD, certsUrl: realm.certsUrl, ...extra };
}

/** A request carrying `token` in the Access header. */
export function withToken(token: string | null, path = "/", init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  if (token !== null) headers.set("cf-access-jwt-assertion", token);
  return new Request(`https://app.test${path}`, { ...init, headers });
}

/** Runs a request through a router built from `config` (tenants by `x-tenant`, default `default`). */
export async function runWorker(config: Omit<RouterConfig<Cloudflare.Env>, "shard">, request: Request): Promise<Response> {
  const worker = createWorker<Cloudflare.Env>({ shard: byHeader("x-tenant", { default: "default" }), ...config });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** Runs a request through a router forwarding to EchoObject with Access `access`. */
export async function route(
  access: AccessOptions,
  request: Request,
  config: Partial<RouterConfig<Cloudflare.Env>> = {},
): Promise<Response> {
  return runWorker({ binding: "ECHO", access: accessFeature(access), ...config }, request);
}

/** `request` addressed to tenant `name` (the `x-tenant` header). */
export function tenant(request: Request, name: string): Request {
  const headers = new Headers(request.headers);
  headers.set("x-tenant", name);
  return new Request(request, { headers });
}

/** The ConfigError `create` throws (anything else thrown fails the test). */
export function configError(create: () => unknown): ConfigError {
  try {
    create();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

/** base64url of bytes, of a string's UTF-8, or of a JSON value (for hand-built tokens). */
export function b64(value: unknown): string {
  const bytes =
    value instanceof Uint8Array ? value : new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
