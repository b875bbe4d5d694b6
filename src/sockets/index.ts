// dorm/sockets: hibernating WebSockets in the shard's Durable Object.
export { sockets } from "./sockets.ts";
export { acceptSocket } from "./accept.ts";
export { broadcast, connections } from "./broadcast.ts";
export { CLOSE_INTERNAL_ERROR, CLOSE_TOO_BIG } from "./handlers.ts";

export type { AcceptContext, AcceptOptions } from "./accept.ts";
export type { BroadcastOptions, ConnectionsOptions } from "./broadcast.ts";
export type { CloseInfo, ConnectInfo, Connection, SocketScope, SocketsOptions, SocketUser } from "./types.ts";
