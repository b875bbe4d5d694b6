import { exportJWK, generateKeyPair } from "jose";
import type { TestProject } from "vitest/node";
import { startKeyServer } from "./access-key-server.ts";
import type { KeyServer } from "./access-key-server.ts";

// Global setup of the *workers* project (it runs in Node, next to vitest):
// the loopback key server the Access tests in workerd fetch keys from. The
// Workers pool has no fetch mock, and outbound fetch to 127.0.0.1 works.

/** What the workers tests `inject("accessKeys")`: the server and one fixed realm. */
export interface AccessKeysContext {
  /** Base URL of the key server (its control API, see access-key-server.ts). */
  url: string;
  /** A realm created here, shared by the Durable Object fixtures of every file. */
  fixture: { certsUrl: string; kid: string; privateJwk: Record<string, unknown> };
}

declare module "vitest" {
  export interface ProvidedContext {
    accessKeys: AccessKeysContext;
  }
}

let server: KeyServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await startKeyServer();
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = "fixture-key-1";
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const { certsUrl } = server.createRealm([publicJwk], "fixture");
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: "RS256" };
  project.provide("accessKeys", { url: server.url, fixture: { certsUrl, kid, privateJwk } });
}

export async function teardown(): Promise<void> {
  await server?.close();
}
