import type { RouterState, RouterStep } from "./types.ts";

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
