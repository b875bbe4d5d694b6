import { exportSPKI, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { AccessError, defineAccess, verifyAccessToken } from "../../../src/access/index.ts";
import type { AccessFailureReason, AccessOptions } from "../../../src/access/index.ts";
import { accessFor, AUD, b64, claims, createRealm, fetches, fresh, ISSUER, newKey, route, sign, withToken } from "./support.ts";
import type { Realm, TestKey } from "./support.ts";

// Every attack on the Access check, each checked twice: the reason verifyAccessToken
// gives (so a test cannot pass for the wrong reason) and the 401 a router
// answers, with a body that says nothing about the reason.

let key: TestKey;
let stranger: TestKey;
let realm: Realm;
let options: AccessOptions;

beforeAll(async () => {
  key = await newKey();
  stranger = await newKey();
  realm = await createRealm([key]);
  options = accessFor(realm);
});

const UNAUTHORIZED = { error: "unauthorized", message: "a valid Cloudflare Access token is required", requestId: expect.any(String) };

async function reasonOf(token: string, opts: AccessOptions = options): Promise<AccessFailureReason | "accepted"> {
  try {
    await verifyAccessToken(token, defineAccess(opts));
    return "accepted";
  } catch (error) {
    if (error instanceof AccessError) return error.reason;
    throw error;
  }
}

async function expectRefused(token: string, reason: AccessFailureReason, opts: AccessOptions = options): Promise<void> {
  expect(await reasonOf(token, opts)).toBe(reason);
  const response = await route(opts, withToken(token, "/notes"));
  expect(response.status).toBe(401);
  expect(await response.json()).toEqual(UNAUTHORIZED);
}

describe("valid tokens", () => {
  it("admits a token in the Cf-Access-Jwt-Assertion header and forwards it unchanged", async () => {
    const token = await sign(key, claims());
    const response = await route(options, withToken(token, "/notes"));
    expect(response.status).toBe(200);
    const echo = await response.json<{ url: string; headers: Record<string, string> }>();
    expect(echo.url).toBe("https://app.test/notes");
    expect(echo.headers["cf-access-jwt-assertion"]).toBe(token);
  });

  it("admits a token in the CF_Authorization cookie", async () => {
    const token = await sign(key, claims("cookie@example.com"));
    const request = new Request("https://app.test/notes", { headers: { cookie: `theme=dark; CF_Authorization=${token}; x=1` } });
    expect((await route(options, request)).status).toBe(200);
  });

  it("prefers the header: a bad header is not rescued by a good cookie", async () => {
    const token = await sign(key, claims());
    const request = new Request("https://app.test/notes", {
      headers: { "cf-access-jwt-assertion": "garbage", cookie: `CF_Authorization=${token}` },
    });
    expect((await route(options, request)).status).toBe(401);
  });

  it("returns the verified claims; aud may be a string or an array", async () => {
    const config = defineAccess(options);
    const verified = await verifyAccessToken(await sign(key, claims("ada@example.com", { aud: AUD })), config);
    expect(verified).toMatchObject({ email: "ada@example.com", iss: ISSUER, aud: AUD });
    const several = await verifyAccessToken(await sign(key, claims("b@example.com", { aud: ["other", AUD] })), config);
    expect(several.email).toBe("b@example.com");
  });

  it("allows a small clock skew on exp and nbf", async () => {
    expect(await reasonOf(await sign(key, claims("skew1@example.com", { exp: Math.floor(Date.now() / 1000) - 10 })))).toBe(
      "accepted",
    );
    expect(await reasonOf(await sign(key, claims("skew2@example.com", { nbf: Math.floor(Date.now() / 1000) + 10 })))).toBe(
      "accepted",
    );
  });

  it("works with only a team name, and with only an AUD", async () => {
    const token = await sign(key, claims("only@example.com"));
    expect(await reasonOf(token, { teamName: "dorm-test", certsUrl: realm.certsUrl })).toBe("accepted");
    expect(await reasonOf(token, { aud: AUD, certsUrl: realm.certsUrl })).toBe("accepted");
  });
});

describe("refused with 401", () => {
  it("a request without a token", async () => {
    const response = await route(options, new Request("https://app.test/notes"));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(UNAUTHORIZED);
  });

  it("an empty header and an empty cookie", async () => {
    const empty: Record<string, string>[] = [{ "cf-access-jwt-assertion": "" }, { cookie: "CF_Authorization=" }];
    for (const headers of empty) {
      expect((await route(options, new Request("https://app.test/", { headers }))).status).toBe(401);
    }
  });

  it("an expired token", async () => {
    await expectRefused(await sign(key, claims("e@example.com", { exp: Math.floor(Date.now() / 1000) - 120 })), "expired");
  });

  it("a token without exp", async () => {
    await expectRefused(await sign(key, claims("e@example.com", { exp: undefined })), "invalid_claims");
  });

  it("claims of the wrong type: exp, nbf or iat not a number", async () => {
    const later = Math.floor(Date.now() / 1000) + 600;
    for (const overrides of [{ exp: String(later) }, { exp: null }, { nbf: "0" }, { iat: "now" }, { iat: null }]) {
      await expectRefused(await sign(key, claims("t@example.com", overrides)), "invalid_claims");
    }
  });

  it("a signature by an RSA key under 2048 bits, though the realm publishes it", async () => {
    const pair = (await crypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair;
    const kid = fresh("weak");
    const jwk = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
    const weak: TestKey = { kid, privateKey: pair.privateKey, publicJwk: { kty: "RSA", n: jwk.n, e: jwk.e, kid, alg: "RS256", use: "sig" } };
    const weakRealm = await createRealm([weak]);
    // Signed by hand: jose's SignJWT refuses a key this small.
    const input = `${b64({ alg: "RS256", kid, typ: "JWT" })}.${b64(claims("w@example.com"))}`;
    const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", pair.privateKey, new TextEncoder().encode(input));
    const token = `${input}.${b64(new Uint8Array(signature))}`;
    await expectRefused(token, "bad_signature", accessFor(weakRealm));
  });

  it("a token that is not yet valid (nbf)", async () => {
    await expectRefused(
      await sign(key, claims("n@example.com", { nbf: Math.floor(Date.now() / 1000) + 300 })),
      "not_yet_valid",
    );
  });

  it("a token for another audience", async () => {
    await expectRefused(await sign(key, claims("a@example.com", { aud: ["someone-elses-app"] })), "audience_not_allowed");
    await expectRefused(await sign(key, claims("a@example.com", { aud: undefined })), "audience_not_allowed");
  });

  it("a token from another team", async () => {
    await expectRefused(
      await sign(key, claims("t@example.com", { iss: "https://other-team.cloudflareaccess.com" })),
      "issuer_not_allowed",
    );
    await expectRefused(await sign(key, claims("t@example.com", { iss: undefined })), "issuer_not_allowed");
  });

  it("alg none, with and without a signature part", async () => {
    const payload = b64(claims());
    await expectRefused(`${b64({ alg: "none", kid: key.kid, typ: "JWT" })}.${payload}.`, "malformed_token");
    await expectRefused(`${b64({ alg: "none", kid: key.kid, typ: "JWT" })}.${payload}.c2ln`, "algorithm_not_allowed");
    await expectRefused(`${b64({ alg: "None", kid: key.kid })}.${payload}.c2ln`, "algorithm_not_allowed");
  });

  it("HS256 signed with the public key (key confusion)", async () => {
    const publicKey = await crypto.subtle.importKey(
      "jwk",
      key.publicJwk as unknown as JsonWebKey,
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      true,
      ["verify"],
    );
    for (const secret of [await exportSPKI(publicKey), JSON.stringify(key.publicJwk)]) {
      const token = await new SignJWT(claims())
        .setProtectedHeader({ alg: "HS256", kid: key.kid, typ: "JWT" })
        .sign(new TextEncoder().encode(secret));
      await expectRefused(token, "algorithm_not_allowed");
    }
  });

  it("other algorithms, even with a valid RSA signature (PS256, RS512)", async () => {
    await expectRefused(`${b64({ alg: "RS512", kid: key.kid })}.${b64(claims())}.c2ln`, "algorithm_not_allowed");
    await expectRefused(`${b64({ alg: "PS256", kid: key.kid })}.${b64(claims())}.c2ln`, "algorithm_not_allowed");
  });

  it("a stranger's key under our kid", async () => {
    const forged = await sign({ ...stranger, kid: key.kid }, claims());
    await expectRefused(forged, "bad_signature");
  });

  it("a stranger's key under an unknown kid", async () => {
    await expectRefused(await sign(stranger, claims()), "unknown_key");
  });

  it("a tampered payload", async () => {
    const [header, , signature] = (await sign(key, claims("mallory@example.com"))).split(".");
    const tampered = `${header}.${b64(claims("admin@example.com"))}.${signature}`;
    await expectRefused(tampered, "bad_signature");
  });

  it("a tampered header (kid swapped)", async () => {
    const other = await newKey();
    const otherRealm = await createRealm([key, other]);
    const [, payload, signature] = (await sign(key, claims())).split(".");
    const swapped = `${b64({ alg: "RS256", kid: other.kid, typ: "JWT" })}.${payload}.${signature}`;
    expect(await reasonOf(swapped, accessFor(otherRealm))).toBe("bad_signature");
  });

  it("malformed tokens", async () => {
    const valid = await sign(key, claims());
    const [h, p, s] = valid.split(".");
    for (const token of [
      "not-a-jwt",
      "a.b",
      `${h}.${p}`,
      `${h}.${p}.${s}.extra`,
      `${h}..${s}`,
      `.${p}.${s}`,
      `${b64("not json")}.${p}.${s}`,
      `${h}.${b64("not json")}.${s}`,
      `${b64([1, 2])}.${p}.${s}`,
      `${h}.${b64([1, 2])}.${s}`,
      `${h}.${p}.${s}=`,
      `${h}.${p}.${s}!`,
      `${b64({ alg: "RS256", kid: key.kid, crit: ["b64"], b64: false })}.${p}.${s}`,
    ]) {
      expect([token, await reasonOf(token)]).toEqual([token, expect.stringMatching(/malformed_token|bad_signature/)]);
      expect((await route(options, withToken(token))).status).toBe(401);
    }
    // A JSON-serialised JWS is not a compact token.
    await expectRefused(JSON.stringify({ protected: h, payload: p, signature: s }), "malformed_token");
  });

  it("huge tokens, before any parsing, in the header and in the cookie", async () => {
    const huge = `${"a".repeat(20_000)}.${"b".repeat(20_000)}.c`;
    await expectRefused(huge, "token_too_large");
    const request = new Request("https://app.test/", { headers: { cookie: `CF_Authorization=${huge}` } });
    expect((await route(options, request)).status).toBe(401);
    // A valid token over a configured limit is refused too.
    const valid = await sign(key, claims());
    expect(await reasonOf(valid, { ...options, maxTokenBytes: 256 })).toBe("token_too_large");
  });

  it("jku, x5u and an embedded jwk pointing at the attacker's keys are ignored (never fetched)", async () => {
    const attackerRealm = await createRealm([stranger]);
    const payload = claims("mallory@example.com");
    await expectRefused(await sign(stranger, payload, { jku: attackerRealm.certsUrl }), "unknown_key");
    await expectRefused(await sign(stranger, payload, { x5u: attackerRealm.certsUrl }), "unknown_key");
    await expectRefused(await sign(stranger, payload, { jwk: stranger.publicJwk }), "unknown_key");
    // With our kid: still our key, so the signature fails.
    await expectRefused(await sign({ ...stranger, kid: key.kid }, payload, { jku: attackerRealm.certsUrl }), "bad_signature");
    expect(await fetches(attackerRealm)).toBe(0);
  });

  it("a verified person token under a second config with another AUD", async () => {
    const token = await sign(key, claims("cached@example.com"));
    expect(await reasonOf(token)).toBe("accepted");
    // The verified-token cache is keyed by config too: the hit under the first
    // config must not admit the token where its audience is not accepted.
    expect(await reasonOf(token, { ...options, aud: "another-app" })).toBe("audience_not_allowed");
  });
});

describe("issuer rules with only an AUD configured", () => {
  // Keys come from a loopback realm here, so a look-alike issuer that got past
  // the issuer check would verify: the check alone must refuse it, and must do
  // so before anything is fetched.
  const lookAlikes = (realmUrl: string) => [
    "https://attacker.example/.cloudflareaccess.com", // path (the django-cf bypass)
    "https://attacker.example/x.cloudflareaccess.com",
    "https://dorm-test.cloudflareaccess.com.attacker.example", // suffix
    "https://dorm-test.cloudflareaccess.community",
    "https://evilcloudflareaccess.com",
    "https://a.b.cloudflareaccess.com", // subdomain (two labels)
    "https://dorm-test.cloudflareaccess.com/", // path "/"
    "https://dorm-test.cloudflareaccess.com/cdn-cgi",
    "https://dorm-test.cloudflareaccess.com:8443", // port
    "https://dorm-test.cloudflareaccess.com:443",
    "https://attacker.example@dorm-test.cloudflareaccess.com", // userinfo
    "https://dorm-test.cloudflareaccess.com@attacker.example",
    "https://dorm-test.cloudflareaccess.com?x=1", // query
    "https://dorm-test.cloudflareaccess.com#x", // fragment
    "http://dorm-test.cloudflareaccess.com", // scheme
    "HTTPS://dorm-test.cloudflareaccess.com",
    "https://DORM-TEST.cloudflareaccess.com", // case
    "https://dorm-test.cloudflareaccess.com.", // trailing dot
    " https://dorm-test.cloudflareaccess.com",
    "https://-x.cloudflareaccess.com",
    "https://.cloudflareaccess.com",
    "https://dorm%2dtest.cloudflareaccess.com",
    `${realmUrl}/.cloudflareaccess.com`, // would fetch the loopback realm if used as a URL
  ];

  it("refuses every look-alike issuer without fetching anything", async () => {
    const bait = await createRealm([key]);
    const audOnly: AccessOptions = { aud: AUD, certsUrl: realm.certsUrl };
    for (const iss of lookAlikes(bait.certsUrl.replace(/\/cdn-cgi\/access\/certs$/, ""))) {
      const token = await sign(key, claims("mallory@example.com", { iss }));
      expect([iss, await reasonOf(token, audOnly)]).toEqual([iss, "issuer_not_allowed"]);
      expect((await route(audOnly, withToken(token))).status).toBe(401);
    }
    const nonStrings = [123, ["https://dorm-test.cloudflareaccess.com"], { host: "x" }, null];
    for (const iss of nonStrings) {
      expect(await reasonOf(await sign(key, claims("m@example.com", { iss })), audOnly)).toBe("issuer_not_allowed");
    }
    expect(await fetches(bait)).toBe(0);
  });

  it("refuses them with a team configured too", async () => {
    for (const iss of lookAlikes("http://127.0.0.1:1")) {
      expect(await reasonOf(await sign(key, claims("m@example.com", { iss })))).toBe("issuer_not_allowed");
    }
  });

  it("accepts another well-formed team's issuer only with AUD-only config (its keys decide)", async () => {
    const token = await sign(key, claims("x@example.com", { iss: "https://another-team.cloudflareaccess.com" }));
    expect(await reasonOf(token, { aud: AUD, certsUrl: realm.certsUrl })).toBe("accepted");
    expect(await reasonOf(token)).toBe("issuer_not_allowed");
  });
});

describe("identity of the token", () => {
  it("never trusts an identity header", async () => {
    const request = new Request("https://app.test/", {
      headers: { "cf-access-authenticated-user-email": "admin@example.com", "x-dorm-user": "admin@example.com" },
    });
    expect((await route(options, request)).status).toBe(401);
  });

  it("uses fresh names so tests do not share state", () => {
    expect(fresh("a")).not.toBe(fresh("a"));
  });
});
