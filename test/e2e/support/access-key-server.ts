import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A public key as the key server publishes it (a JWK with `kid`). */
export type PublicJwk = Record<string, unknown> & { kid: string };

interface Realm {
  keys: PublicJwk[];
  fetches: number;
  /** When set, the certs endpoint answers this status with no keys. */
  failWith: number | null;
}

/**
 * A stand-in for `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs`
 * on 127.0.0.1, for tests. It hosts independent "realms" (one key set and
 * one fetch counter each), so tests and test files never share key caches:
 *
 * - `POST /realms` `{keys}` → 201 `{id, certsUrl}`
 * - `PUT /realms/<id>/keys` `{keys}` (rotation) · `PUT /realms/<id>/fail` `{status|null}`
 * - `GET /realms/<id>/stats` → `{fetches}`
 * - `GET /realms/<id>/cdn-cgi/access/certs` → `{keys}` (counted)
 */
export interface KeyServer {
  readonly url: string;
  createRealm(keys: PublicJwk[], id?: string): { id: string; certsUrl: string };
  setKeys(id: string, keys: PublicJwk[]): void;
  fetches(id: string): number;
  close(): Promise<void>;
}

export async function startKeyServer(): Promise<KeyServer> {
  const realms = new Map<string, Realm>();
  let next = 0;
  let url = "";
  const createRealm = (keys: PublicJwk[], id = `r${++next}`) => {
    realms.set(id, { keys, fetches: 0, failWith: null });
    return { id, certsUrl: `${url}/realms/${id}/cdn-cgi/access/certs` };
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { error: String(error) }));
  });
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", "http://x").pathname;
    const body = await readBody(request);
    if (request.method === "POST" && path === "/realms") {
      const { keys } = JSON.parse(body || "{}") as { keys?: PublicJwk[] };
      return send(response, 201, createRealm(keys ?? []));
    }
    const match = /^\/realms\/([A-Za-z0-9_-]+)(\/.*)$/.exec(path);
    const realm = match ? realms.get(match[1]!) : undefined;
    if (!match || !realm) return send(response, 404, { error: "no such realm" });
    const rest = match[2];
    if (request.method === "GET" && rest === "/cdn-cgi/access/certs") {
      realm.fetches++;
      if (realm.failWith !== null) return send(response, realm.failWith, { error: "failing on purpose" });
      return send(response, 200, { keys: realm.keys });
    }
    if (request.method === "GET" && rest === "/stats") return send(response, 200, { fetches: realm.fetches });
    if (request.method === "PUT" && rest === "/keys") {
      realm.keys = (JSON.parse(body) as { keys: PublicJwk[] }).keys;
      return send(response, 204, null);
    }
    if (request.method === "PUT" && rest === "/fail") {
      realm.failWith = (JSON.parse(body) as { status: number | null }).status;
      return send(response, 204, null);
    }
    return send(response, 404, { error: "no such route" });
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    createRealm,
    setKeys: (id, keys) => {
      const realm = realms.get(id);
      if (!realm) throw new Error(`no realm ${id}`);
      realm.keys = keys;
    },
    fetches: (id) => realms.get(id)?.fetches ?? 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (text += chunk));
    request.on("end", () => resolve(text));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (body === null) {
    response.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}
