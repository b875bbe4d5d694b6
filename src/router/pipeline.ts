import type { ResolvedRouterConfig } from "./validate-config.ts";

/**
 * What one request carries through the router's steps. Steps may fill in
 * later fields (`shard` is set by the shard step) for the steps after them.
 */
export type RouterState<Env> = {
  /** The client's request with reserved headers replaced; forward this one. */
  request: Request;
  env: Env;
  ctx: ExecutionContext;
  requestId: string;
  config: ResolvedRouterConfig<Env>;
  /** The validated shard name, once the shard step has run. */
  shard?: string;
};

/**
 * One stage of the router. Returning a `Response` answers the request and
 * ends the pipeline; returning `undefined` passes it to the next step.
 * Throwing is fine: the edge turns `HttpError`s into their status and
 * anything else into a logged, generic 500.
 */
export type RouterStep<Env> = (
  state: RouterState<Env>,
) => Response | undefined | Promise<Response | undefined>;

/** Runs steps in order until one answers. */
export async function runPipeline<Env>(
  steps: readonly RouterStep<Env>[],
  state: RouterState<Env>,
): Promise<Response> {
  for (const step of steps) {
    const response = await step(state);
    if (response !== undefined) return response;
  }
  // The last step (forward) always answers; reaching here is a wiring bug.
  throw new Error("no router step answered");
}
