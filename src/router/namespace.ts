import { ConfigError } from "../errors/config-error.ts";
import type { ResolvedRouterConfig } from "./types.ts";

/**
 * The configured Durable Object namespace from `env`, with the jurisdiction
 * applied. The binding can only be checked here, per request, because `env`
 * does not exist when the worker is created.
 *
 * @example
 * ```ts
 * const namespace = routerNamespace(env, config); // env.APP, or env.APP.jurisdiction("eu")
 * ```
 */
export function routerNamespace<Env>(
  env: Env,
  config: ResolvedRouterConfig<Env>,
): DurableObjectNamespace {
  const candidate: unknown =
    typeof env === "object" && env !== null
      ? (env as Record<string, unknown>)[config.binding]
      : undefined;
  if (!isNamespace(candidate)) {
    throw new ConfigError(
      "binding",
      `env.${config.binding} is not a Durable Object namespace: check durable_objects in wrangler.toml`,
    );
  }
  return config.jurisdiction === undefined ? candidate : candidate.jurisdiction(config.jurisdiction);
}

function isNamespace(value: unknown): value is DurableObjectNamespace {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { idFromName?: unknown }).idFromName === "function" &&
    typeof (value as { get?: unknown }).get === "function"
  );
}
