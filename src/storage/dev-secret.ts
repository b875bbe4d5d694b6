import { base64url } from "./signing.ts";

let secret: string | undefined;

/**
 * A signing secret for local development: 32 random bytes, made on the first
 * call in this isolate and kept until it ends. No secret is ever committed or
 * shared, so nobody can forge a URL it signs; the price is that its URLs
 * validate only in the isolate that made them, and only until it restarts.
 * Use it only when you know you are under `wrangler dev` (e.g. a var that
 * only your dev command sets), and say so in your log: a deployment spread
 * over many isolates needs one configured secret (`wrangler secret put`).
 * Call it in a handler: Workers forbid random values in global scope.
 *
 * @example
 * ```ts
 * const secret = env.FILES_SIGNING_SECRET ?? (env.FILES_SIGNING_DEV === "1" ? devSigningSecret() : undefined);
 * ```
 */
export function devSigningSecret(): string {
  return (secret ??= base64url(crypto.getRandomValues(new Uint8Array(32)).buffer));
}
