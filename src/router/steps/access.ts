import type { ResolvedRouterConfig, RouterStep } from "../types.ts";

/**
 * Router step: the Access check, after the shard is named and before any
 * Durable Object is created or woken (or D1 mode touches its database), so
 * neither unauthenticated traffic nor a caller the app's `authorize` hook
 * refuses costs an object. The feature builds the step itself (`routerStep`):
 * the core only asks, so an app without Access bundles none of it. The
 * router's own `access` wins over the app's; with `false` there is no step
 * (and the feature refuses that when its authorization would be skipped).
 * The admin routes, when mounted, have answered their paths before this step.
 */
export function accessStep<Env>(config: ResolvedRouterConfig<Env>): RouterStep<Env> | null | undefined {
  return (config.access || config.app?.access)?.routerStep(config);
}
