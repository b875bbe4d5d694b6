import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/index.ts";
import { devSigningSecret, R2Storage } from "../../../src/files/index.ts";
import { CLOCK_ALLOWANCE_SECONDS, MAX_SIGNED_URL_SECONDS, signFileKey } from "../../../src/storage/signing.ts";
import { signingSecret, tenantFiles } from "../../../examples/notes/src/files.ts";
import type { Env } from "../../../examples/notes/src/env.ts";
import { freshLocation } from "./helpers.ts";

// Made here, per run: no signing secret is written in the repository.
const SECRET = devSigningSecret();
const BASE = "https://app.example";

function storage(secret = SECRET) {
  return new R2Storage({ binding: env.BUCKET, location: freshLocation("sig"), signing: { secret, urlBase: "/files/" } });
}

/** A request for `name` with the query written exactly as given (no normalising). */
const get = (name: string, query: string) => new Request(`${BASE}/files/${name}?${query}`);

/** A URL signed with the storage's secret for any expiry, as a forger holding the secret could. */
async function forge(files: R2Storage, name: string, expires: number): Promise<string> {
  return `expires=${expires}&signature=${await signFileKey(SECRET, files.keyOf(name), expires)}`;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe("signed URL verification", () => {
  it("refuses an expiry beyond the maximum lifetime, even correctly signed (a 10-year URL)", async () => {
    const files = storage();
    expect(await files.checkSignedRequest(get("a.txt", await forge(files, "a.txt", nowSeconds() + 10 * 365 * 86400)))).toBe("invalid");
    const pastAllowance = nowSeconds() + MAX_SIGNED_URL_SECONDS + CLOCK_ALLOWANCE_SECONDS + 60;
    expect(await files.checkSignedRequest(get("a.txt", await forge(files, "a.txt", pastAllowance)))).toBe("invalid");
    // Within the allowance (the signer's clock a little ahead) it still passes.
    const withinAllowance = nowSeconds() + MAX_SIGNED_URL_SECONDS + CLOCK_ALLOWANCE_SECONDS - 60;
    expect(await files.checkSignedRequest(get("a.txt", await forge(files, "a.txt", withinAllowance)))).toBe("valid");
    // What url() makes at its longest lifetime passes.
    const longest = await files.url("a.txt", { expiresIn: MAX_SIGNED_URL_SECONDS });
    expect(await files.checkSignedRequest(new Request(BASE + longest))).toBe("valid");
  });

  it("refuses an expiry spelled other than plain digits: leading zeros, signs, spaces, decimals", async () => {
    const files = storage();
    const expires = nowSeconds() + 600;
    const query = await forge(files, "a.txt", expires);
    const signature = query.slice(query.indexOf("&"));
    expect(await files.checkSignedRequest(get("a.txt", query))).toBe("valid");
    // The same number spelled differently: today's HMAC message is the number, so each would verify.
    for (const spelling of [`0${expires}`, `00${expires}`, `%2B${expires}`, `+${expires}`, `%20${expires}`, `${expires}%20`, `${expires}.0`, `${expires}e0`, "", "-1"]) {
      expect(await files.checkSignedRequest(get("a.txt", `expires=${spelling}${signature}`)), spelling).toBe("invalid");
    }
  });

  it("accepts only the canonical spelling of the signature's last character", async () => {
    const files = storage();
    const query = await forge(files, "a.txt", nowSeconds() + 600);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = query.at(-1)!;
    const index = alphabet.indexOf(last);
    expect(index % 4).toBe(0); // the unused low bits of a canonical signature are zero
    for (const other of [1, 2, 3]) {
      // Decodes to the very same 32 bytes (only unused bits differ), so it verifies without the canonical check.
      const variant = query.slice(0, -1) + alphabet[index + other];
      expect(await files.checkSignedRequest(get("a.txt", variant)), variant.slice(-3)).toBe("invalid");
    }
    expect(await files.checkSignedRequest(get("a.txt", `${query}=`))).toBe("invalid");
    expect(await files.checkSignedRequest(get("a.txt", query))).toBe("valid");
  });

  it("refuses duplicated parameters, even when every copy is valid", async () => {
    const files = storage();
    const expires = nowSeconds() + 600;
    const query = await forge(files, "a.txt", expires);
    const [expiresPart, signaturePart] = query.split("&") as [string, string];
    expect(await files.checkSignedRequest(get("a.txt", `${query}&${expiresPart}`))).toBe("invalid");
    expect(await files.checkSignedRequest(get("a.txt", `${query}&${signaturePart}`))).toBe("invalid");
    expect(await files.checkSignedRequest(get("a.txt", `${query}&${query}`))).toBe("invalid");
    expect(await files.checkSignedRequest(get("a.txt", `${query}&other=1`))).toBe("valid");
  });

  it("refuses oversized and hostile values without throwing", async () => {
    const files = storage();
    for (const query of [
      `expires=${"9".repeat(13)}&signature=${"A".repeat(43)}`,
      `expires=1&signature=${"A".repeat(100_000)}`,
      `expires=${"1".repeat(100_000)}&signature=x`,
      "expires=%00&signature=%00",
      "expires=1&signature=%F0%9F%92%A9",
    ]) {
      expect(await files.checkSignedRequest(get("a.txt", query))).toBe("invalid");
    }
  });
});

describe("the demo's signing secret", () => {
  const base = { BUCKET: env.BUCKET } as Env;

  it("has no secret when deployed without FILES_SIGNING_SECRET: url() throws ConfigError", async () => {
    expect(signingSecret(base)).toBeUndefined();
    await expect(tenantFiles(base, "acme").url("a.txt")).rejects.toBeInstanceOf(ConfigError);
    // Only the exact flag turns on the random secret.
    for (const flag of ["true", "yes", "0", " 1", ""]) {
      expect(signingSecret({ ...base, FILES_SIGNING_DEV: flag }), flag).toBeUndefined();
    }
  });

  it("under wrangler dev (FILES_SIGNING_DEV=1) signs with a random secret of this isolate", async () => {
    const dev = { ...base, FILES_SIGNING_DEV: "1" };
    const secret = signingSecret(dev)!;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signingSecret(dev)).toBe(secret); // one per isolate
    const files = tenantFiles(dev, "acme");
    const url = await files.url("a.txt");
    expect(await files.checkSignedRequest(new Request(BASE + url))).toBe("valid");
    // A configured secret wins over the flag.
    const configured = { ...dev, FILES_SIGNING_SECRET: `${secret}-configured` };
    expect(signingSecret(configured)).toBe(`${secret}-configured`);
    expect(await tenantFiles(configured, "acme").checkSignedRequest(new Request(BASE + url))).toBe("invalid");
  });
});
