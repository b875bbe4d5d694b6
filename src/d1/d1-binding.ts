import { ConfigError } from "../errors/config-error.ts";

/** The D1 binding named `name` in `env`; a ConfigError naming the option otherwise. */
export function d1BindingOf(env: unknown, name: string): D1Database {
  const candidate: unknown =
    typeof env === "object" && env !== null ? (env as Record<string, unknown>)[name] : undefined;
  const valid =
    typeof candidate === "object" &&
    candidate !== null &&
    typeof (candidate as { prepare?: unknown }).prepare === "function" &&
    typeof (candidate as { batch?: unknown }).batch === "function";
  if (!valid) {
    throw new ConfigError("d1Mode.binding", `env has no D1 database named "${name}"; check d1_databases in wrangler.toml`);
  }
  return candidate as D1Database;
}
