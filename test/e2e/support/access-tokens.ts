import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from "jose";
import type { JWTPayload } from "jose";
import type { PublicJwk } from "./access-key-server.ts";

/** A signing key and the JWK a key server publishes for it. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: PublicJwk;
  /** The public key as PEM, for the key-confusion attack (HS256 with the public key as secret). */
  publicPem: string;
}

let counter = 0;

export async function newSigningKey(kid = `kid-${Date.now().toString(36)}-${counter++}`): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  return {
    kid,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" },
    publicPem: await exportSPKI(publicKey),
  };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Access-like claims for `email` under `issuer`/`aud`; `overrides` set or (undefined) remove claims. */
export function accessClaims(
  issuer: string,
  aud: string,
  email: string,
  overrides: Record<string, unknown> = {},
): JWTPayload {
  const claims: Record<string, unknown> = {
    iss: issuer,
    aud: [aud],
    exp: nowSeconds() + 600,
    iat: nowSeconds(),
    nbf: nowSeconds() - 5,
    sub: `sub-${email}`,
    email,
    type: "app",
  };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  return claims as JWTPayload;
}

export function signToken(key: SigningKey, payload: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT", ...header }).sign(key.privateKey);
}

export function b64url(value: unknown): string {
  return Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
}
