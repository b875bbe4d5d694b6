import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { R2Storage } from "../../../src/files/index.ts";
import { freshLocation, hookedBucket } from "./helpers.ts";

const N = 20;
const decoder = new TextDecoder();

/** What each save returned, and that every file holds exactly the bytes its save sent. */
async function expectAllKept(files: R2Storage, results: { name: string; body: string }[], total: number) {
  const names = results.map((r) => r.name);
  expect(new Set(names).size).toBe(total);
  for (const { name, body } of results) {
    expect(decoder.decode(await files.read(name))).toBe(body);
  }
  const listing = await files.listdir();
  expect(listing.files.length).toBe(total);
  expect(new Set(listing.files)).toEqual(new Set(names));
}

describe("concurrent saves of one name", () => {
  it(`keeps all ${N} concurrent saves in one storage, each with its own bytes`, async () => {
    const files = new R2Storage({ binding: env.BUCKET, location: freshLocation("n20") });
    const bodies = Array.from({ length: N }, (_, i) => `body ${i} ${crypto.randomUUID()}`);
    const names = await Promise.all(bodies.map((body) => files.save("same.tar.gz", body)));
    expect(new Set(names)).toEqual(
      new Set(["same.tar.gz", ...Array.from({ length: N - 1 }, (_, i) => `same_${i + 1}.tar.gz`)]),
    );
    await expectAllKept(files, names.map((name, i) => ({ name, body: bodies[i]! })), N);
  });

  it("keeps all saves from storages that cannot see each other's holds (R2's conditional put decides)", async () => {
    // BUCKET and BUCKET_TWIN bind the same bucket: two "workers" whose
    // in-isolate holds are separate, so only the claim markers order them.
    expect(env.BUCKET_TWIN).not.toBe(env.BUCKET);
    const location = freshLocation("twin");
    let refusedClaims = 0;
    const countRefusals = (key: string, result: R2Object | null) => {
      if (key.startsWith(".dorm/claims/") && result === null) refusedClaims++;
    };
    const a = new R2Storage({ binding: hookedBucket({ afterPut: countRefusals }, env.BUCKET), location });
    const b = new R2Storage({ binding: hookedBucket({ afterPut: countRefusals }, env.BUCKET_TWIN), location });
    await b.save("probe.txt", "seen by both");
    expect(await a.exists("probe.txt")).toBe(true);
    await a.delete("probe.txt");

    const jobs = Array.from({ length: N }, (_, i) => ({ via: i % 2 === 0 ? a : b, body: `twin ${i} ${crypto.randomUUID()}` }));
    const names = await Promise.all(jobs.map(({ via, body }) => via.save("shared.txt", body)));
    await expectAllKept(a, names.map((name, i) => ({ name, body: jobs[i]!.body })), N);
    // The two sides did collide on names, and R2 refused the losers' claims.
    expect(refusedClaims).toBeGreaterThan(0);
  });

  it("keeps all concurrent same-name saves from two different Durable Objects into one location", async () => {
    const location = freshLocation("objects");
    const objectA = env.SQL.get(env.SQL.idFromName(`files-a-${location}`));
    const objectB = env.SQL.get(env.SQL.idFromName(`files-b-${location}`));
    const saveMany = (stub: typeof objectA, binding: "BUCKET" | "BUCKET_TWIN", tag: string) =>
      runInDurableObject(stub, async (_instance, state) => {
        expect(state.id.name).toContain(tag === "a" ? "files-a-" : "files-b-");
        const files = new R2Storage({ binding: env[binding], location });
        const bodies = Array.from({ length: N / 2 }, (_, i) => `object ${tag} save ${i} ${crypto.randomUUID()}`);
        const names = await Promise.all(bodies.map((body) => files.save("report.pdf", body)));
        return names.map((name, i) => ({ name, body: bodies[i]! }));
      });
    const [fromA, fromB] = await Promise.all([
      saveMany(objectA, "BUCKET", "a"),
      saveMany(objectB, "BUCKET_TWIN", "b"),
    ]);
    const files = new R2Storage({ binding: env.BUCKET, location });
    await expectAllKept(files, [...fromA, ...fromB], N);
    expect([...fromA, ...fromB].map((r) => r.name)).toContain("report.pdf");
  });

  it("keeps concurrent saves of one name through the demo's PUT /files/ route", async () => {
    const tenant = `conc-${Date.now().toString(36)}`;
    const stub = env.APP.get(env.APP.idFromName(tenant));
    const bodies = Array.from({ length: N }, (_, i) => `upload ${i} ${crypto.randomUUID()}`);
    const responses = await Promise.all(
      bodies.map((body) => stub.fetch("https://app/files/up/same.txt", { method: "PUT", body })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(N).fill(201));
    const names = await Promise.all(responses.map(async (r) => (await r.json<{ name: string }>()).name));
    const files = new R2Storage({ binding: env.BUCKET, location: `tenants/${tenant}/up` });
    await expectAllKept(files, names.map((name, i) => ({ name: name.slice("up/".length), body: bodies[i]! })), N);
  });
});
