import type { AppContext } from "../../../src/index.ts";
import { acceptSocket, broadcast, sockets } from "../../../src/sockets/index.ts";
import type { Env } from "./env.ts";
import type { Note } from "./notes.ts";

/** What `GET /notes/live` streams to every client of the tenant, one JSON message each. */
export type NoteEvent = { type: "created" | "reminder"; note: Note } | { type: "deleted"; id: number };

/**
 * The demo's sockets: clients only listen, so a message from one is ignored
 * (and kept small); `ping` is answered `pong` by the runtime.
 */
export const noteSockets = sockets<Env>({ maxMessageBytes: 1024 });

/** GET /notes/live: the tenant's note events over a WebSocket (501 in D1 mode). */
export function liveNotes(request: Request, ctx: AppContext<Env>): Promise<Response> {
  return acceptSocket(request, ctx);
}

/** Tells the tenant's connected clients (from a handler or a task); in D1 mode nobody can be connected. */
export function publish(ctx: { readonly object: DurableObjectState | null }, event: NoteEvent): void {
  if (ctx.object) broadcast(ctx, JSON.stringify(event));
}
