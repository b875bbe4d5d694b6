import { checkAttachment, readAttachment } from "./attachment.ts";
import type { Connection } from "./types.ts";

/**
 * The view of `ws` that hooks and `connections()` hand out. Read from the
 * attachment each time it is built, so it is right after a wake-up too.
 */
export function connectionOf<State>(object: DurableObjectState, ws: WebSocket, maxStateBytes: number): Connection<State> {
  const attachment = readAttachment(ws);
  const user = attachment?.user ?? null;
  const shard = attachment?.shard ?? object.id.name ?? object.id.toString();
  let state = (attachment?.state ?? null) as State;
  return {
    socket: ws,
    user,
    shard,
    get state() {
      return state;
    },
    tags: object.getTags(ws),
    send(message) {
      // CLOSING or CLOSED: sending would throw; a broadcast skips such sockets.
      if (ws.readyState !== WebSocket.OPEN) return false;
      ws.send(message);
      return true;
    },
    close(code, reason) {
      ws.close(code, reason);
    },
    setState(next) {
      ws.serializeAttachment(checkAttachment({ dorm: 1, user, shard, state: next ?? null }, maxStateBytes));
      state = next;
    },
  };
}
