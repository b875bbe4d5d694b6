import { ConfigError, HttpError } from "../../../src/index.ts";
import type { AccessAuthorizeInput } from "../../../src/access/index.ts";
import type { TenantDirectory } from "./directory.ts";
import type { Env } from "./env.ts";

/** The shared lobby: open to every signed-in user, owned by nobody. */
export const LOBBY = "default";
/** How many tenants one user may create when MAX_TENANTS_PER_USER is not set. */
export const DEFAULT_MAX_TENANTS_PER_USER = 5;
/** How long the router trusts a "yes" of the directory (per isolate). */
export const ADMISSION_CACHE_MS = 30_000;
const ADMISSION_CACHE_MAX = 1000;

/** Whom the directory knows: a person by email, a service token as `service:<name>`. */
export function principalOf(caller: { readonly email: string | null; readonly service: string | null }): string {
  return caller.email ?? `service:${caller.service}`;
}

/** The directory's one object. */
export function directory(env: Env): DurableObjectStub<TenantDirectory> {
  return env.DIRECTORY.get(env.DIRECTORY.idFromName("directory"));
}

// Positive answers only, so a refusal is never served from here; members are
// never removed in the demo, so a remembered "yes" cannot outlive a right.
const admitted = new Map<string, number>();

/**
 * The demo's `authorize` hook (run by dorm's router before any tenant object
 * exists): the lobby lets everyone in; any other tenant belongs to the first
 * signed-in user who uses it (at most MAX_TENANTS_PER_USER each, else 403
 * `tenant_limit`), and then only its members pass (else 403 `forbidden`). An
 * exempt request (`/health`, a signed file URL: identity `null`) only reaches
 * a tenant that exists (else 404 `unknown_tenant`), so it never creates one.
 */
export async function authorizeTenant({ identity, shard, env }: AccessAuthorizeInput<Env>): Promise<boolean> {
  if (shard === LOBBY) return true;
  const principal = identity && principalOf(identity);
  const key = `${shard}\n${principal ?? ""}`;
  const now = Date.now();
  if ((admitted.get(key) ?? 0) > now) return true;
  const answer = await directory(env).admit(shard, principal, maxTenantsPerUser(env));
  if (answer === "tenant_limit") {
    throw new HttpError(403, "tenant_limit", `you already own ${maxTenantsPerUser(env)} tenants, the most one user may create`);
  }
  if (answer === "unknown") throw new HttpError(404, "unknown_tenant", "no such tenant");
  if (answer === "not_member") return false;
  remember(key, now + ADMISSION_CACHE_MS);
  return true;
}

function remember(key: string, until: number): void {
  admitted.delete(key);
  // Oldest first: a Map iterates in insertion order.
  if (admitted.size >= ADMISSION_CACHE_MAX) admitted.delete(admitted.keys().next().value as string);
  admitted.set(key, until);
}

function maxTenantsPerUser(env: Env): number {
  const raw = env.MAX_TENANTS_PER_USER;
  if (raw === undefined || raw === "") return DEFAULT_MAX_TENANTS_PER_USER;
  if (!/^[0-9]{1,4}$/.test(raw)) throw new ConfigError("MAX_TENANTS_PER_USER", "must be a whole number from 0 to 9999");
  return Number(raw);
}
