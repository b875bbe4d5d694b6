import { errorResponse } from "../http/error-response.ts";
import { REQUEST_ID_HEADER } from "../http/reserved-headers.ts";
import type { AdminOperationName } from "../app/admin-types.ts";
import { ADMIN_STREAM_TYPE } from "./protocol.ts";
import type { AdminResponseBody, AdminStreamLine, ShardReport } from "./report.ts";

/** Whether the client asked for the streamed form (one JSON line per shard as it finishes). */
export function wantsStream(request: Request): boolean {
  const accept = (request.headers.get("accept") ?? "").toLowerCase();
  return accept.split(",").some((part) => part.split(";")[0]?.trim() === ADMIN_STREAM_TYPE);
}

/** The whole answer at once: 200 when every shard succeeded, else 500 `admin_failed`. */
export function jsonAnswer(op: AdminOperationName, reports: readonly ShardReport[], requestId: string): Response {
  const failed = reports.filter((report) => !report.ok).length;
  const headers = { [REQUEST_ID_HEADER]: requestId };
  if (failed > 0) {
    const message = `${failed} of ${reports.length} shard${reports.length === 1 ? "" : "s"} failed`;
    return errorResponse(500, "admin_failed", message, { requestId, extra: { op, ok: false, results: reports } });
  }
  const body: AdminResponseBody = { op, ok: true, results: reports };
  return Response.json(body, { headers: { ...headers, "cache-control": "no-store" } });
}

/**
 * The streamed answer: `run` reports each shard through `send` as it
 * finishes; the stream ends with an `end` line. Always 200, since the status
 * is sent before any shard has answered.
 */
export function streamAnswer(
  op: AdminOperationName,
  targets: readonly (string | null)[],
  requestId: string,
  run: (send: (report: ShardReport) => Promise<void>) => Promise<readonly ShardReport[]>,
  waitUntil: (promise: Promise<unknown>) => void,
): Response {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const encoder = new TextEncoder();
  // A client that went away makes writes fail; the operations still finish.
  const write = (line: AdminStreamLine) => writer.write(encoder.encode(`${JSON.stringify(line)}\n`)).catch(() => {});
  const work = (async () => {
    await write({ type: "start", op, targets });
    const reports = await run((report) => write({ type: "shard", ...report }));
    const failed = reports.filter((report) => !report.ok).length;
    await write({ type: "end", ok: failed === 0, failed, total: reports.length });
    await writer.close().catch(() => {});
  })().catch((error: unknown) => writer.abort(error).catch(() => {}));
  waitUntil(work);
  return new Response(readable, {
    headers: {
      "content-type": `${ADMIN_STREAM_TYPE}; charset=utf-8`,
      "cache-control": "no-store",
      [REQUEST_ID_HEADER]: requestId,
    },
  });
}
