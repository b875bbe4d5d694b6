import { ConfigError } from "./config-error.ts";

/**
 * Checks a feature option (`access`, `admin`, `d1`…): absent, or an object
 * from the dorm factory that makes it, recognised by one of its methods.
 * Each factory validates its own options where it is called.
 */
export function expectFeature(value: unknown, option: string, method: string, factory: string): void {
  if (value !== undefined && typeof (value as Record<string, unknown> | null)?.[method] !== "function") {
    throw new ConfigError(option, `must come from ${factory}`);
  }
}
