import { ConfigError } from "../errors/index.ts";
import type { DatabaseMode, RouterConfig } from "./types.ts";

const MODES: readonly string[] = ["do", "d1"];

/** Checks `mode`, `app`, `d1Binding` and `d1AutoMigrate` where the worker is created. */
export function validateModeOptions<Env>(config: RouterConfig<Env>): void {
  const { mode, app, d1Binding, d1AutoMigrate } = config;
  if (mode !== undefined && typeof mode !== "function" && !MODES.includes(mode)) {
    throw new ConfigError("mode", 'must be "do", "d1" or a function of env returning one of them');
  }
  if (mode !== undefined && mode !== "do") {
    const valid = typeof app === "object" && app !== null && typeof app.handler?.fetch === "function";
    if (!valid) throw new ConfigError("app", "D1 mode runs the app in the router: pass app: defineApp({...})");
  }
  if (d1Binding !== undefined && (typeof d1Binding !== "string" || d1Binding === "")) {
    throw new ConfigError("d1Binding", "must be the name of a D1 binding");
  }
  if (d1AutoMigrate !== undefined && typeof d1AutoMigrate !== "boolean") {
    throw new ConfigError("d1AutoMigrate", "must be a boolean");
  }
}

/**
 * The mode for this request. A mode function's answer is checked every time
 * (it usually reads a var someone may mistype); unset means `"do"`.
 */
export function modeFor<Env>(config: RouterConfig<Env>, env: Env): DatabaseMode {
  const { mode } = config;
  if (typeof mode !== "function") return mode ?? "do";
  const value = mode(env) ?? "do";
  if (value === "do" || value === "d1") return value;
  throw new ConfigError("mode", `the mode function returned ${JSON.stringify(value).slice(0, 40)}; expected "do" or "d1"`);
}
