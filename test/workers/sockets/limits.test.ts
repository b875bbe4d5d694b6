import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/index.ts";
import { acceptSocket, broadcast, connections, sockets } from "../../../src/sockets/index.ts";
import { clientOf, connect, freshShard, socketsStub, upgrade } from "./support.ts";

// Limits and hostile input on SocketsApp (maxMessageBytes 1024, maxStateBytes 2048).

const json = async (response: Response) => ({ status: response.status, body: await response.json<Record<string, unknown>>(), socket: response.webSocket });
const open = async (stub: ReturnType<typeof socketsStub>) => (await stub.fetch("https://app.test/connections")).json<unknown[]>();

describe("message size", () => {
  it("closes with 1009 a text over maxMessageBytes, counted in UTF-8 bytes, and keeps the others", async () => {
    const stub = socketsStub(freshShard("big"));
    const [fits, ascii, accents] = [await connect(stub), await connect(stub), await connect(stub)];
    expect(await fits.ask("a".repeat(1019))).toBe(`echo:${"a".repeat(1019)}`);
    ascii.ws.send("a".repeat(1025));
    // 600 characters, 1,200 bytes: a character count would have let it through.
    accents.ws.send("é".repeat(600));
    for (const client of [ascii, accents]) expect((await client.closed).code).toBe(1009);
    expect(await fits.ask("still here")).toBe("echo:still here");
    expect(await open(stub)).toHaveLength(1);
    fits.ws.close();
  });

  it("applies to binary messages too, and passes binary and empty messages within it to the hook", async () => {
    const stub = socketsStub(freshShard("binary"));
    const client = await connect(stub);
    expect(await client.ask("")).toBe("echo:");
    client.ws.send(new Uint8Array(1024));
    expect(await client.next()).toBe("binary:1024");
    client.ws.send(new Uint8Array(0));
    expect(await client.next()).toBe("binary:0");
    client.ws.send(new Uint8Array(1025));
    expect((await client.closed).code).toBe(1009);
  });

  it("closes with 1011 when a hook throws, and the object keeps serving", async () => {
    const stub = socketsStub(freshShard("throws"));
    const [bad, good] = [await connect(stub), await connect(stub)];
    bad.ws.send("throw");
    expect(await bad.closed).toEqual({ code: 1011, reason: "internal error" });
    expect(await good.ask("ok")).toBe("echo:ok");
    // A state the runtime cannot keep is the hook's error too: 1011, not a crash.
    expect(await good.ask("grow:1900")).toBe("grown");
    good.ws.send("grow:2100");
    expect((await good.closed).code).toBe(1011);
  });
});

describe("upgrade requests", () => {
  it("refuses a request without a WebSocket upgrade with 426, and a non-GET upgrade with 400", async () => {
    const stub = socketsStub(freshShard("plain"));
    const plain = await json(await stub.fetch("https://app.test/live"));
    expect(plain).toMatchObject({ status: 426, body: { error: "upgrade_required" }, socket: null });
    for (const value of ["h2c", "websocket, h2c", ""]) {
      expect((await stub.fetch(upgrade("/live", { headers: { upgrade: value } }))).status, value).toBe(426);
    }
    // A stub's fetch sends every upgrade as a GET, so the other methods are
    // tried on acceptSocket itself, inside the object.
    await runInDurableObject(stub, async (_instance, state) => {
      for (const method of ["POST", "PUT", "DELETE", "HEAD"]) {
        const request = new Request("https://app.test/live", { method, headers: { upgrade: "websocket" } });
        await expect(acceptSocket(request, { object: state, user: null, shard: "x" }), method).rejects.toMatchObject({ status: 400, code: "bad_upgrade" });
      }
    });
    // Any case of the header's value is an upgrade (RFC 6455 compares it case-insensitively).
    const mixed = clientOf(await stub.fetch(upgrade("/live", { headers: { upgrade: "WebSocket" } })));
    expect(await mixed.ask("m")).toBe("echo:m");
    mixed.ws.close();
    expect(await open(stub)).toHaveLength(0);
  });

  it("lets the connect hook refuse with its HttpError, and accepts nothing", async () => {
    const stub = socketsStub(freshShard("refuse"));
    expect(await json(await stub.fetch(upgrade("/live?refuse")))).toMatchObject({ status: 403, body: { error: "refused_by_hook" }, socket: null });
    expect(await open(stub)).toHaveLength(0);
  });

  it("refuses a state over maxStateBytes with 413, and bad tags with 400, accepting nothing", async () => {
    const stub = socketsStub(freshShard("hostile"));
    const huge = await json(await stub.fetch(upgrade(`/live?state=${"s".repeat(2100)}`)));
    expect(huge).toMatchObject({ status: 413, body: { error: "socket_state_too_large" }, socket: null });
    const many = Array.from({ length: 11 }, (_, i) => `tag=t${i}`).join("&");
    for (const query of [many, `tag=${"t".repeat(257)}`, "tag="]) {
      expect(await json(await stub.fetch(upgrade(`/live?${query}`)))).toMatchObject({ status: 400, body: { error: "invalid_socket_tags" } });
    }
    expect(await open(stub)).toHaveLength(0);
    // At the limits: ten tags of 256 characters are accepted.
    const ten = Array.from({ length: 10 }, (_, i) => `tag=${String(i).padEnd(256, "t")}`).join("&");
    const client = clientOf(await stub.fetch(upgrade(`/live?${ten}`)));
    expect(JSON.parse(await client.ask("whoami")).tags).toHaveLength(10);
    client.ws.close();
  });

  it("needs the sockets feature: an app without it gets a ConfigError naming it", async () => {
    const stub = socketsStub(freshShard("feature"));
    await runInDurableObject(stub, async (_instance, state) => {
      const elsewhere = { ...state } as DurableObjectState;
      const ctx = { object: elsewhere, user: null, shard: "x" };
      await expect(acceptSocket(upgrade("/live"), ctx)).rejects.toThrow(ConfigError);
      expect(() => broadcast(ctx, "m")).toThrow(/sockets: needs defineApp/);
      // This object's own state has it.
      expect(connections({ object: state })).toEqual([]);
    });
  });
});

describe("sockets() options", () => {
  it("are checked where they are created, naming the option", () => {
    const bad: [unknown, RegExp][] = [
      [null, /^sockets: needs an options object/],
      ["fast", /^sockets: needs an options object/],
      [{ connect: "yes" }, /^sockets\.connect: must be a function/],
      [{ message: {} }, /^sockets\.message: must be a function/],
      [{ close: 1 }, /^sockets\.close:/],
      [{ error: [] }, /^sockets\.error:/],
      ...[0, -1, 1.5, "1024", Number.NaN, 1_048_577, Number.POSITIVE_INFINITY].map((value): [unknown, RegExp] => [{ maxMessageBytes: value }, /^sockets\.maxMessageBytes: must be an integer from 1 to 1048576/]),
      ...[0, 2049, "2048", 10.5].map((value): [unknown, RegExp] => [{ maxStateBytes: value }, /^sockets\.maxStateBytes: must be an integer from 1 to 2048/]),
      ...[true, "ping", { request: "", response: "pong" }, { request: "ping" }, { request: "ping", response: 1 }, null].map((value): [unknown, RegExp] => [{ autoResponse: value }, /^sockets\.autoResponse:/]),
    ];
    for (const [options, message] of bad) {
      let thrown: unknown;
      try {
        sockets(options as never);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(options)).toBeInstanceOf(ConfigError);
      expect((thrown as Error).message, JSON.stringify(options)).toMatch(message);
    }
    // The limits themselves are fine, and so is no option at all.
    for (const options of [undefined, {}, { maxMessageBytes: 1_048_576, maxStateBytes: 2048, autoResponse: false as const }]) {
      expect(sockets(options).migrations).toEqual([]);
    }
  });
});
