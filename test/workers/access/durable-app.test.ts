import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { claims, fixtureKey, fresh, newKey, sign, withToken } from "./support.ts";
import type { TestKey } from "./support.ts";

// Requests sent straight to the object's stub, with no dorm router in front:
// the object verifies the token itself.

let key: TestKey;
beforeAll(async () => {
  key = await fixtureKey();
});

const stub = (name = fresh("direct")) => env.ACCESS_APP.get(env.ACCESS_APP.idFromName(name));
const hookStub = (name = fresh("hook")) => env.ACCESS_HOOK_APP.get(env.ACCESS_HOOK_APP.idFromName(name));

type UserRow = {
  id: number;
  email: string;
  username: string;
  first_name: string;
  last_name: string;
  is_active: number;
  is_staff: number;
  is_superuser: number;
  last_login: string | null;
  date_joined: string;
};

function rows(target: ReturnType<typeof stub>): Promise<UserRow[]> {
  return runInDurableObject(target, (_instance, state) => state.storage.sql.exec<UserRow>("select * from dorm_users order by id").toArray());
}

function exec(target: ReturnType<typeof stub>, query: string, ...params: (string | number)[]): Promise<void> {
  return runInDurableObject(target, (_instance, state) => {
    state.storage.sql.exec(query, ...params);
  });
}

describe("the object checks the token itself", () => {
  it("refuses a request without a token, sent straight to the stub", async () => {
    const response = await stub().fetch("https://app.test/notes");
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "unauthorized", message: "a valid Cloudflare Access token is required", requestId: expect.any(String) });
  });

  it("refuses forged identity headers and bad tokens", async () => {
    const target = stub();
    const forged = await target.fetch("https://app.test/me", {
      headers: { "cf-access-authenticated-user-email": "admin@example.com", "x-dorm-user": "admin@example.com" },
    });
    expect(forged.status).toBe(401);
    // A stranger's key under the fixture's kid.
    const stranger = await sign({ ...(await newKey()), kid: key.kid }, claims("mallory@example.com"));
    expect((await target.fetch(withToken(stranger, "/me"))).status).toBe(401);
    expect(await rows(target)).toEqual([]);
  });

  it("admits a valid token and gives the app the user", async () => {
    const response = await stub().fetch(withToken(await sign(key, claims("ada@example.com", { name: "Ada Lovelace" })), "/me"));
    expect(response.status).toBe(200);
    const user = await response.json<Record<string, unknown>>();
    expect(user).toMatchObject({
      email: "ada@example.com",
      name: "Ada Lovelace",
      isActive: true,
      isStaff: false,
      isSuperuser: false,
      service: null,
    });
    expect(typeof user.id).toBe("number");
    expect(user.claims).toMatchObject({ email: "ada@example.com", iss: "https://dorm-test.cloudflareaccess.com" });
  });

  it("admits the cookie too", async () => {
    const token = await sign(key, claims("cookie@example.com"));
    const response = await stub().fetch("https://app.test/me", { headers: { cookie: `CF_Authorization=${token}` } });
    expect(response.status).toBe(200);
  });

  it("serves exempt paths without a token, with no user", async () => {
    const target = stub();
    expect(await (await target.fetch("https://app.test/health")).json()).toEqual({ ok: true });
    const response = await target.fetch("https://app.test/public/readme");
    expect(await response.json()).toMatchObject({ path: "/public/readme", user: null });
    expect((await target.fetch("https://app.test/publicity")).status).toBe(401);
  });

  it("reads and drops the body of a refused request", async () => {
    const response = await stub().fetch("https://app.test/echo", { method: "POST", body: "x".repeat(100_000) });
    expect(response.status).toBe(401);
  });
});

describe("users", () => {
  it("creates the row on first sight: username = email, name split, times set", async () => {
    const target = stub();
    const before = new Date().toISOString();
    await target.fetch(withToken(await sign(key, claims("grace@example.com", { name: "Grace  Brewster Hopper" })), "/me"));
    const [row, ...others] = await rows(target);
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      email: "grace@example.com",
      username: "grace@example.com",
      first_name: "Grace",
      last_name: "Brewster Hopper",
      is_active: 1,
      is_staff: 0,
      is_superuser: 0,
    });
    expect(row!.date_joined >= before.slice(0, 10)).toBe(true);
    expect(row!.last_login).toBe(row!.date_joined);
  });

  it("updates a changed name and last_login on later sights, keeping date_joined and flags", async () => {
    const target = stub();
    await target.fetch(withToken(await sign(key, claims("alan@example.com", { name: "Alan Turing" })), "/me"));
    await exec(target, "update dorm_users set last_login = ?, date_joined = ?, is_staff = 1", "2000-01-01T00:00:00.000Z", "1999-01-01T00:00:00.000Z");

    const response = await target.fetch(withToken(await sign(key, claims("alan@example.com", { name: "Alan M. Turing" })), "/me"));
    expect(await response.json()).toMatchObject({ name: "Alan M. Turing", isStaff: true });
    const [row] = await rows(target);
    expect(row).toMatchObject({ first_name: "Alan", last_name: "M. Turing", date_joined: "1999-01-01T00:00:00.000Z", is_staff: 1 });
    expect(row!.last_login! > "2000-01-01T00:00:00.000Z").toBe(true);

    // No name claim: the name is kept; an old last_login is refreshed.
    await exec(target, "update dorm_users set last_login = ?", "2000-01-01T00:00:00.000Z");
    await target.fetch(withToken(await sign(key, claims("alan@example.com")), "/me"));
    const [after] = await rows(target);
    expect(after).toMatchObject({ first_name: "Alan", last_name: "M. Turing" });
    expect(after!.last_login! > "2000-01-01T00:00:00.000Z").toBe(true);
  });

  it("stores the email with its domain lower-cased, one row per person", async () => {
    const target = stub();
    await target.fetch(withToken(await sign(key, claims("Mixed.Case@Example.COM")), "/me"));
    await target.fetch(withToken(await sign(key, claims("Mixed.Case@example.com")), "/me"));
    expect((await rows(target)).map((r) => r.email)).toEqual(["Mixed.Case@example.com"]);
  });

  it("answers 403 for an inactive user", async () => {
    const target = stub();
    const token = await sign(key, claims("gone@example.com"));
    expect((await target.fetch(withToken(token, "/me"))).status).toBe(200);
    await exec(target, "update dorm_users set is_active = 0 where email = ?", "gone@example.com");
    const response = await target.fetch(withToken(token, "/me"));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: "forbidden", message: "this account is not active", requestId: expect.any(String) });
  });

  it("turns a service token into a service identity with no row", async () => {
    const target = stub();
    const token = await sign(key, claims("", { email: undefined, sub: "", common_name: "ci-bot.access" }));
    const response = await target.fetch(withToken(token, "/me"));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: null, email: null, service: "ci-bot.access", isStaff: false });
    expect(await rows(target)).toEqual([]);
  });

  it("refuses a verified token that names nobody", async () => {
    const token = await sign(key, claims("", { email: undefined }));
    expect((await stub().fetch(withToken(token, "/me"))).status).toBe(401);
  });

  it("lets the app replace user handling with the onUser hook", async () => {
    const target = hookStub();
    const staff = await target.fetch(withToken(await sign(key, claims("boss@staff.test")), "/me"));
    expect(await staff.json()).toMatchObject({ email: "boss@staff.test", isStaff: true });
    const blocked = await target.fetch(withToken(await sign(key, claims("blocked@example.com")), "/me"));
    expect(blocked.status).toBe(403);
  });
});

describe("logs", () => {
  it("never contain the token or its claims", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    };
    const spies = (["log", "warn", "error", "info"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation(capture),
    );
    try {
      const target = stub();
      const good = await sign(key, claims("secret-person@example.com", { name: "Secret Person" }));
      const expired = await sign(key, claims("secret-person@example.com", { exp: Math.floor(Date.now() / 1000) - 600 }));
      await target.fetch(withToken(good, "/me"));
      await target.fetch(withToken(expired, "/me"));
      await target.fetch(withToken(good.slice(0, -4) + "AAAA", "/me"));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const text = lines.join("\n");
    expect(text).toContain("dorm.access");
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/); // no JWT part
    expect(text).not.toContain("secret-person");
    expect(text).not.toContain("Secret Person");
  });
});
