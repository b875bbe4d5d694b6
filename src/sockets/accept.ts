import type { AppUser } from "../app/types.ts";
import { HttpError } from "../errors/http-error.ts";
import { checkAttachment } from "./attachment.ts";
import { objectOf, runtimeOf } from "./runtime.ts";
import type { SocketUser } from "./types.ts";

/** What `acceptSocket` takes besides the request. */
export interface AcceptOptions {
  /** Tags to find the socket by (`broadcast(ctx, m, { tag })`): at most 10, each 1–256 characters. */
  readonly tags?: readonly string[] | undefined;
  /** The connection's first state (JSON), before the `connect` hook may replace it. */
  readonly state?: unknown;
}

/** What a request handler's context offers that acceptSocket needs (an `AppContext` fits). */
export interface AcceptContext {
  readonly object: DurableObjectState | null;
  readonly user: AppUser | null;
  readonly shard: string;
}

// The runtime's limits on tags (getWebSockets(tag) and acceptWebSocket).
const MAX_TAGS = 10;
const MAX_TAG_LENGTH = 256;

/**
 * Accepts a WebSocket upgrade in the route that calls it, with the
 * hibernation API, so the object may sleep between messages. The router has
 * already checked Access and the shard's `authorize` hook like for any
 * request; this checks the upgrade itself (GET with `Upgrade: websocket`:
 * else 400 `bad_upgrade` or 426 `upgrade_required`), asks the `connect` hook,
 * keeps the user and shard in the socket's attachment and answers 101.
 * In D1 mode (no object): 501 `sockets_unavailable`.
 *
 * @example
 * ```ts
 * router.get("/notes/live", (request, ctx) => acceptSocket(request, ctx, { tags: ["notes"] }));
 * ```
 */
export async function acceptSocket(request: Request, ctx: AcceptContext, options: AcceptOptions = {}): Promise<Response> {
  const object = objectOf(ctx);
  const { options: resolved, scope } = runtimeOf(object);
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    throw new HttpError(426, "upgrade_required", "this route only answers a WebSocket upgrade", { headers: { upgrade: "websocket" } });
  }
  if (request.method !== "GET") throw new HttpError(400, "bad_upgrade", `a WebSocket upgrade is a GET, not ${request.method.slice(0, 16)}`);
  const tags = checkTags(options.tags);
  const user = ctx.user && trimUser(ctx.user);
  let state = options.state ?? null;
  if (resolved.hooks.connect) {
    const chosen = await resolved.hooks.connect({ ...scope, request, user, shard: ctx.shard, tags, state });
    if (chosen !== undefined) state = chosen;
  }
  const attachment = checkAttachment({ dorm: 1, user, shard: ctx.shard, state }, resolved.maxStateBytes);
  const { 0: client, 1: server } = new WebSocketPair();
  // Before accepting, so that a runtime refusal leaves no socket behind.
  server.serializeAttachment(attachment);
  object.acceptWebSocket(server, [...tags]);
  return new Response(null, { status: 101, webSocket: client });
}

function checkTags(tags: unknown): readonly string[] {
  if (tags === undefined) return [];
  if (!Array.isArray(tags) || tags.length > MAX_TAGS || !tags.every((tag) => typeof tag === "string" && tag.length > 0 && tag.length <= MAX_TAG_LENGTH)) {
    throw new HttpError(400, "invalid_socket_tags", `socket tags: at most ${MAX_TAGS} strings of 1 to ${MAX_TAG_LENGTH} characters`);
  }
  return tags as string[];
}

/** The user without the token's claims, which need not fit an attachment. */
function trimUser({ id, email, name, isStaff, isSuperuser, service }: AppUser): SocketUser {
  return { id, email, name, isStaff, isSuperuser, service };
}
