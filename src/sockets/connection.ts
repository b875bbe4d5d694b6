import { checkAttachment, readAttachment } from "./attachment.ts";
import type { SocketAttachment } from "./attachment.ts";
import type { Connection } from "./types.ts";

/**
 * The view of `ws` that hooks and `connections()` hand out. The attachment
 * is read on first use, from the socket itself, so the view is right after a
 * wake-up too, and a hook that only sends (an echo, a relay) pays nothing
 * for it: reading it deserializes a structured clone. A class, so that a
 * view per message costs one small allocation (bench: socket echo).
 */
class SocketConnection<State> implements Connection<State> {
  #attachment: SocketAttachment | null | undefined;

  constructor(
    readonly socket: WebSocket,
    private readonly object: DurableObjectState,
    private readonly maxStateBytes: number,
  ) {}

  #read(): SocketAttachment | null {
    return this.#attachment === undefined ? (this.#attachment = readAttachment(this.socket)) : this.#attachment;
  }

  get user() {
    return this.#read()?.user ?? null;
  }

  get shard(): string {
    return this.#read()?.shard ?? this.object.id.name ?? this.object.id.toString();
  }

  get state(): State {
    return (this.#read()?.state ?? null) as State;
  }

  get tags(): readonly string[] {
    return this.object.getTags(this.socket);
  }

  send(message: string | ArrayBuffer | ArrayBufferView): boolean {
    // CLOSING or CLOSED: sending would throw; a broadcast skips such sockets.
    if (this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(message);
    return true;
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
  }

  setState(next: State): void {
    const updated = checkAttachment({ dorm: 1, user: this.user, shard: this.shard, state: next ?? null }, this.maxStateBytes);
    this.socket.serializeAttachment(updated);
    this.#attachment = updated;
  }
}

export function connectionOf<State>(object: DurableObjectState, ws: WebSocket, maxStateBytes: number): Connection<State> {
  return new SocketConnection<State>(ws, object, maxStateBytes);
}
