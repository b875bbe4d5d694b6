import { ConfigError } from "../errors/config-error.ts";
import { defineAccess, isAccessConfig } from "./define-access.ts";
import type { AccessConfig, AccessSetting } from "./types.ts";

// A setting function is asked once per env object: env is the same object for
// every request of an isolate, and validating per request would be waste.
const perEnv = new WeakMap<object, WeakMap<object, AccessConfig | null>>();

/**
 * Checks a setting that does not depend on `env` where it is given (so a
 * mistake fails `defineApp` or `createWorker`), and returns what to keep.
 */
export function checkAccessSetting<Env>(setting: unknown, option: string): AccessSetting<Env> {
  if (setting === undefined || setting === null) return null;
  if (typeof setting === "function") return setting as AccessSetting<Env>;
  if (isAccessConfig(setting)) return setting;
  if (typeof setting === "object") return defineAccess(setting);
  throw new ConfigError(option, "must be Access options, defineAccess(...), a function of env, or null");
}

/**
 * The Access config for this `env`, or `null` when Access is off. A setting
 * function runs on first use per env object; what it returns is validated
 * (a `ConfigError` names the option) and remembered.
 */
export function resolveAccess<Env>(setting: AccessSetting<Env> | undefined, env: Env): AccessConfig | null {
  if (setting === undefined || setting === null) return null;
  if (typeof setting !== "function") return isAccessConfig(setting) ? setting : defineAccess(setting);
  const key = typeof env === "object" && env !== null ? (env as object) : null;
  const cached = key ? perEnv.get(key)?.get(setting) : undefined;
  if (cached !== undefined) return cached;
  const value = setting(env);
  const config = value === null || value === undefined ? null : isAccessConfig(value) ? value : defineAccess(value);
  if (key) {
    let bySetting = perEnv.get(key);
    if (!bySetting) perEnv.set(key, (bySetting = new WeakMap()));
    bySetting.set(setting, config);
  }
  return config;
}
