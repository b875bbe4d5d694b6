import type { Logger } from "../log/logger.ts";
import { describeError } from "../log/logger.ts";
import type { AdminRequest } from "../app/admin-types.ts";
import type { AdminStub } from "../router/types.ts";
import type { ShardReport } from "./report.ts";

/** At most this much of a remote error's message goes into a report. */
const MESSAGE_LIMIT = 500;

/**
 * Calls one shard's `dormAdmin` and turns whatever happens into its report.
 * Every operation is safe to repeat (migrate re-checks its ledgers,
 * create-admin is an upsert), so an error the runtime marks `retryable` is
 * retried once with a new stub. Any other error (an object that threw, a
 * class that is not a DurableApp) becomes `shard_failed` with the error's
 * message, which an admin, holding the token, may read.
 */
export async function callShard(
  shard: string,
  request: AdminRequest,
  openStub: (shard: string) => AdminStub,
  context: { log: Logger; requestId: string },
): Promise<ShardReport> {
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await openStub(shard).dormAdmin(request);
      if (typeof outcome !== "object" || outcome === null || typeof outcome.ok !== "boolean") {
        throw new Error("the shard's dormAdmin answered no outcome");
      }
      return outcome.ok
        ? { shard, engine: "do", ok: true, result: outcome.result }
        : { shard, engine: "do", ok: false, error: outcome.error };
    } catch (error) {
      const retryable = (error as { retryable?: unknown } | null)?.retryable === true;
      if (attempt === 1 && retryable) continue;
      context.log.error("admin call failed", {
        requestId: context.requestId,
        op: request.op,
        shard,
        error: describeError(error),
      });
      const message = error instanceof Error ? error.message : String(error);
      return {
        shard,
        engine: "do",
        ok: false,
        error: { code: "shard_failed", message: message.slice(0, MESSAGE_LIMIT) },
      };
    }
  }
}
