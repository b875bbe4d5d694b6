import { evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { connect, freshShard, socketsStub } from "./support.ts";

// dorm/sockets inside workerd, on SocketsApp (test/workers/fixtures/sockets-app.ts):
// real hibernatable sockets accepted by the object, addressed without Access.

const listed = async (stub: ReturnType<typeof socketsStub>, query = "") =>
  (await stub.fetch(`https://app.test/connections${query}`)).json<{ user: string | null; shard: string; state: unknown; tags: string[] }[]>();

describe("messages and broadcast", () => {
  it("passes a message to the hook, which answers on the same socket and uses the database", async () => {
    const stub = socketsStub(freshShard("echo"));
    const client = await connect(stub);
    expect(await client.ask("hello")).toBe("echo:hello");
    expect(await (await stub.fetch("https://app.test/events")).json()).toEqual([{ what: "message" }]);
    client.ws.close(1000, "bye");
  });

  it("broadcasts between two sockets of one shard, skipping the sender, and reaches none of another shard", async () => {
    const shard = freshShard("room");
    const [a, b] = [await connect(socketsStub(shard)), await connect(socketsStub(shard))];
    const other = await connect(socketsStub(freshShard("elsewhere")));
    expect(await a.ask("all:from a")).toBe("sent:1");
    expect(await b.next()).toBe("from a");
    expect(await b.ask("all:from b")).toBe("sent:1");
    expect(await a.next()).toBe("from b");
    // Had a broadcast crossed shards, it would be queued before this answer.
    expect(await other.ask("whoami")).toContain(`"shard":"elsewhere-`);
    // The sender got no copy of its own broadcast: its next message is this echo.
    expect(await a.ask("x")).toBe("echo:x");
    for (const client of [a, b, other]) client.ws.close();
  });

  it("broadcasts from a request handler to every socket, or to one tag", async () => {
    const shard = freshShard("tags");
    const stub = socketsStub(shard);
    const red = await connect(stub, "/live?tag=red");
    const blue = await connect(stub, "/live?tag=blue&tag=team");
    const post = async (body: string) => (await stub.fetch("https://app.test/broadcast", { method: "POST", body })).json();
    expect(await post("to all")).toEqual({ sent: 2 });
    expect([await red.next(), await blue.next()]).toEqual(["to all", "to all"]);
    expect(await red.ask("tag:team:to the team")).toBe("sent:1");
    expect(await blue.next()).toBe("to the team");
    expect(await red.ask("tag:nobody:lost")).toBe("sent:0");
    // red's queue holds nothing from its own tag broadcast: the next is this echo.
    expect(await red.ask("y")).toBe("echo:y");
    red.ws.close();
    blue.ws.close();
  });

  it("lists connections in bounded pages, with their state and tags", async () => {
    const stub = socketsStub(freshShard("list"));
    const clients = [await connect(stub, "/live?tag=a&state=one"), await connect(stub, "/live?tag=b"), await connect(stub, "/live?tag=a")];
    expect(await listed(stub)).toHaveLength(3);
    const first = await listed(stub, "?limit=2");
    const rest = await listed(stub, "?limit=2&offset=2");
    expect([first.length, rest.length]).toEqual([2, 1]);
    expect(await listed(stub, "?tag=a")).toEqual([
      expect.objectContaining({ state: { note: "one", n: 1 }, tags: ["a"], user: null }),
      expect.objectContaining({ state: { n: 1 }, tags: ["a"] }),
    ]);
    for (const bad of ["?limit=0", "?limit=1001", "?limit=1.5", "?offset=-1", "?limit=abc"]) {
      expect((await stub.fetch(`https://app.test/connections${bad}`)).status, bad).toBe(500);
    }
    for (const client of clients) client.ws.close();
  });

  it("answers ping with pong in the runtime, without the message hook", async () => {
    const stub = socketsStub(freshShard("ping"));
    const client = await connect(stub);
    expect(await client.ask("ping")).toBe("pong");
    // The hook never saw it: no message row was written.
    expect(await (await stub.fetch("https://app.test/events")).json()).toEqual([]);
    client.ws.close();
  });

  it("runs the close hook with the code and the shard from the attachment", async () => {
    const shard = freshShard("closing");
    const stub = socketsStub(shard);
    const client = await connect(stub);
    client.ws.close(4001, "done");
    await expect.poll(async () => (await stub.fetch("https://app.test/events")).json()).toEqual([{ what: `close:4001:${shard}` }]);
  });
});

describe("state across an eviction", () => {
  // Hibernation proper cannot be forced in the test pool; an eviction throws
  // the object's instance away the same way, and the sockets stay connected.
  it("keeps each socket's state and shard, and a new instance serves it", async () => {
    const shard = freshShard("evict");
    const stub = socketsStub(shard);
    const client = await connect(stub, "/live?tag=kept");
    expect(await client.ask('set:{"n":7,"note":"before"}')).toBe("set");
    await evictDurableObject(stub);
    expect(JSON.parse(await client.ask("whoami"))).toEqual({ user: null, shard, state: { n: 7, note: "before" }, tags: ["kept"] });
    expect(await client.ask("again")).toBe("echo:again");
    client.ws.close();
  });
});
