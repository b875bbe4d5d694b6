import { HttpError } from "../../errors/http-error.ts";
import { describeError } from "../../log/logger.ts";
import { routerLog } from "../log.ts";
import { routerNamespace } from "../namespace.ts";
import type { RouterState } from "../types.ts";

/** Seconds an overloaded object asks clients to wait (`Retry-After`). */
export const OVERLOADED_RETRY_AFTER_SECONDS = 1;

/**
 * Router step: forwards the request to the shard's object and answers with
 * its response, unchanged.
 *
 * Retries once, with a new stub (a stub that threw may stay broken), only when
 * the runtime marks the error `retryable` and the request has no body: a
 * streamed body has been consumed by the first attempt and cannot be replayed
 * (GET and HEAD never have one). One retry only, so a failing object is not
 * hammered. An `overloaded` error is never retried (retrying adds load to the
 * object that is shedding it) and answers 503 with `Retry-After`.
 */
export async function forward<Env>(state: RouterState<Env>): Promise<Response> {
  const { config, requestId } = state;
  // The shard step ran before this one and set it.
  const shard = state.shard as string;
  const namespace = routerNamespace(state.env, config);
  const options = config.locationHint === undefined ? {} : { locationHint: config.locationHint };
  const replayable = state.request.body === null;

  for (let attempt = 1; ; attempt++) {
    try {
      const stub = config.getStub(namespace, shard, options);
      // state.request is sent once as it is (the client's request or the
      // router's copy, see withRouterHeaders); only a retry needs a
      // fresh one, so it never reuses a Request that was sent.
      return await stub.fetch(attempt > 1 ? new Request(state.request) : state.request);
    } catch (error) {
      if (flag(error, "overloaded")) {
        routerLog.warn("object overloaded", { requestId, shard, attempt, error: describeError(error) });
        throw new HttpError(503, "overloaded", "the service is overloaded; retry later", {
          cause: error,
          headers: { "retry-after": String(OVERLOADED_RETRY_AFTER_SECONDS) },
        });
      }
      if (attempt === 1 && replayable && flag(error, "retryable")) {
        routerLog.warn("retrying forward", { requestId, shard, error: describeError(error) });
        continue;
      }
      throw error;
    }
  }
}

/** The runtime's error flags (`retryable`, `overloaded`) are plain properties set to `true`. */
function flag(error: unknown, name: "retryable" | "overloaded"): boolean {
  return typeof error === "object" && error !== null && (error as Record<string, unknown>)[name] === true;
}
