import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ConfigError, HttpError } from "../../../src/index.ts";
import type { AccessIdentity } from "../../../src/access/index.ts";
import { authorizeTenant } from "../../../examples/notes/src/tenants.ts";
import type { Env } from "../../../examples/notes/src/env.ts";
import { rejection } from "../admin/helpers.ts";

// The demo's tenant rule in workerd: the directory object (real SQLite) and
// the authorize hook the router asks (test/e2e/tenants.test.ts runs the same
// rule over HTTP in both database modes).

let counter = 0;
const fresh = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${counter++}`;

/** A directory of its own for one test (the demo uses the one named "directory"). */
const newDirectory = () => env.DIRECTORY.get(env.DIRECTORY.idFromName(fresh("dir")));

describe("the tenant directory", () => {
  it("gives a free name to its first user, lets only members in, and tells exempt callers only whether it exists", async () => {
    const directory = newDirectory();
    expect(await directory.admit("acme", "ada@example.com", 5)).toBe("created");
    expect(await directory.admit("acme", "ada@example.com", 5)).toBe("member");
    expect(await directory.admit("acme", "bob@example.com", 5)).toBe("not_member");
    expect(await directory.admit("acme", null, 5)).toBe("exists");
    expect(await directory.admit("ghost", null, 5)).toBe("unknown");
    expect(await directory.admit("ghost", null, 5)).toBe("unknown");
    expect(await directory.members("ghost", 10, "")).toEqual({ owner: null, members: [], cursor: null });
  });

  it("makes exactly one owner when many first uses of one name race", async () => {
    const directory = newDirectory();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => directory.admit("contested", `u${i}@example.com`, 5)));
    expect(answers.filter((answer) => answer === "created")).toHaveLength(1);
    expect(answers.filter((answer) => answer === "not_member")).toHaveLength(19);
  });

  it("stops one user's concurrent creations at the limit", async () => {
    const directory = newDirectory();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => directory.admit(`t${i}`, "busy@example.com", 3)));
    expect(answers.filter((answer) => answer === "created")).toHaveLength(3);
    expect(answers.filter((answer) => answer === "tenant_limit")).toHaveLength(7);
    expect(await directory.admit("zero", "nobody@example.com", 0)).toBe("tenant_limit");
    // A refused creation stored nothing: the name is still free.
    const refused = answers.findIndex((answer) => answer === "tenant_limit");
    expect(await directory.admit(`t${refused}`, null, 3)).toBe("unknown");
  });

  it("adds members for the owner only, once, and pages them in address order", async () => {
    const directory = newDirectory();
    await directory.admit("team", "owner@example.com", 5);
    expect(await directory.addMember("team", "mallory@example.com", "mallory@example.com")).toBeNull();
    expect(await directory.addMember("nowhere", "owner@example.com", "x@example.com")).toBeNull();
    const added = await directory.addMember("team", "owner@example.com", "carol@example.com");
    expect(added).toEqual({ member: { email: "carol@example.com", added_at: expect.any(String) }, added: true });
    expect(await directory.addMember("team", "owner@example.com", "carol@example.com")).toEqual({ member: added!.member, added: false });
    await directory.addMember("team", "owner@example.com", "bob@example.com");
    expect(await directory.admit("team", "bob@example.com", 5)).toBe("member");
    // A member is not the owner.
    expect(await directory.addMember("team", "bob@example.com", "dan@example.com")).toBeNull();

    const emails: string[] = [];
    let cursor = "";
    for (let page = 0; page < 5; page++) {
      const result = await directory.members("team", 2, cursor);
      expect(result.owner).toBe("owner@example.com");
      emails.push(...result.members.map((member) => member.email));
      if (result.cursor === null) break;
      cursor = result.cursor;
    }
    expect(emails).toEqual(["bob@example.com", "carol@example.com", "owner@example.com"]);
  });

  it("refuses hostile arguments and stores nothing for them", async () => {
    const directory = newDirectory();
    const calls: [string, () => Promise<unknown>][] = [
      ["tenant ../x", () => directory.admit("../x", "a@example.com", 5)],
      ["tenant Acme", () => directory.admit("Acme", "a@example.com", 5)],
      ["tenant too long", () => directory.admit("a".repeat(64), "a@example.com", 5)],
      ["tenant not a string", () => directory.admit(1 as never, "a@example.com", 5)],
      ["empty principal", () => directory.admit("t", "", 5)],
      ["huge principal", () => directory.admit("t", "x".repeat(400), 5)],
      ["principal not a string", () => directory.admit("t", {} as never, 5)],
      ["negative limit", () => directory.admit("t", "a@example.com", -1)],
      ["fractional limit", () => directory.admit("t", "a@example.com", 1.5)],
      ["limit not a number", () => directory.admit("t", "a@example.com", "5" as never)],
      ["page of 0", () => directory.members("t", 0, "")],
      ["page of 101", () => directory.members("t", 101, "")],
      ["huge cursor", () => directory.members("t", 10, "x".repeat(400))],
      ["bad member", () => directory.addMember("t", "a@example.com", "")],
      ["bad owner", () => directory.addMember("t", "", "b@example.com")],
    ];
    for (const [label, call] of calls) {
      expect([label, await rejection(call())]).toEqual([label, expect.stringMatching(/^(TypeError|RangeError): /)]);
    }
    expect(await directory.admit("t", null, 5)).toBe("unknown");
  });
});

describe("the authorize hook (authorizeTenant)", () => {
  const person = (email: string): AccessIdentity => ({ email, service: null, claims: { iss: "", aud: "", exp: 0, email } });
  const ask = (identity: AccessIdentity | null, shard: string, vars: Partial<Env> = {}) =>
    authorizeTenant({ identity, shard, env: { ...(env as unknown as Env), ...vars }, request: new Request("https://demo.test/"), requestId: "r" });

  /** An env whose directory counts the calls the hook makes. */
  function counting(): { env: Partial<Env>; calls: () => number } {
    let calls = 0;
    const namespace = env.DIRECTORY;
    const DIRECTORY = {
      idFromName: (name: string) => namespace.idFromName(name),
      get: (id: DurableObjectId) => {
        calls++;
        return namespace.get(id);
      },
    } as unknown as Env["DIRECTORY"];
    return { env: { DIRECTORY }, calls: () => calls };
  }

  it("opens the lobby to everyone without asking the directory", async () => {
    const { env: vars, calls } = counting();
    expect(await ask(person(`${fresh("x")}@example.com`), "default", vars)).toBe(true);
    expect(await ask(null, "default", vars)).toBe(true);
    expect(calls()).toBe(0);
  });

  it("admits the owner, refuses others, and remembers only a yes", async () => {
    const tenant = fresh("own");
    const owner = person(`${fresh("owner")}@example.com`);
    const stranger = person(`${fresh("stranger")}@example.com`);
    const { env: vars, calls } = counting();
    expect(await ask(owner, tenant, vars)).toBe(true);
    expect(await ask(owner, tenant, vars)).toBe(true);
    expect(calls()).toBe(1);
    expect(await ask(stranger, tenant, vars)).toBe(false);
    expect(await ask(stranger, tenant, vars)).toBe(false);
    expect(calls()).toBe(3);
  });

  it("answers 404 unknown_tenant to an exempt request for a free name, and 403 tenant_limit past MAX_TENANTS_PER_USER", async () => {
    const unknown = await ask(null, fresh("ghost")).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(HttpError);
    expect(unknown).toMatchObject({ status: 404, code: "unknown_tenant" });
    const user = person(`${fresh("limited")}@example.com`);
    expect(await ask(user, fresh("first"), { MAX_TENANTS_PER_USER: "1" })).toBe(true);
    const limited = await ask(user, fresh("second"), { MAX_TENANTS_PER_USER: "1" }).catch((error: unknown) => error);
    expect(limited).toMatchObject({ status: 403, code: "tenant_limit" });
  });

  it("refuses a malformed MAX_TENANTS_PER_USER with a ConfigError naming it", async () => {
    for (const value of ["abc", "-1", "1.5", "99999", " 3"]) {
      const error = await ask(person("x@example.com"), fresh("cfg"), { MAX_TENANTS_PER_USER: value }).catch((e: unknown) => e);
      expect([value, error instanceof ConfigError && error.option]).toEqual([value, "MAX_TENANTS_PER_USER"]);
    }
  });
});
