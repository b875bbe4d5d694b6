import { ConfigError } from "../errors/config-error.ts";
import { parseExemptPath } from "./exempt-paths.ts";
import { ACCESS_DOMAIN, isTeamLabel, teamIssuer } from "./issuer.ts";
import { isLoopbackUrl } from "./loopback.ts";
import type { AccessConfig, AccessOptions } from "./types.ts";

export const DEFAULT_CACHE_TIMEOUT_SECONDS = 3600;
export const DEFAULT_KEY_REFETCH_COOLDOWN_SECONDS = 30;
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
export const MAX_CLOCK_TOLERANCE_SECONDS = 300;
export const DEFAULT_MAX_TOKEN_BYTES = 16 * 1024;

/**
 * The name an error message uses for each option: `access.<option>` unless
 * overridden (`accessConfigFromEnv` names its env vars instead).
 */
export type AccessOptionNames = Readonly<Partial<Record<keyof AccessOptions, string>>>;

const configs = new WeakSet<AccessConfig>();

/** Whether `value` came from `defineAccess` (and so needs no second check). */
export function isAccessConfig(value: unknown): value is AccessConfig {
  return typeof value === "object" && value !== null && configs.has(value as AccessConfig);
}

/**
 * Validates Access settings where they are created and fills in defaults.
 * At least one of `teamName` and `aud` is required; every error is a
 * `ConfigError` naming the option.
 *
 * @example
 * ```ts
 * const access = defineAccess({ teamName: "acme", aud: env.ACCESS_AUD, exemptPaths: ["/health"] });
 * ```
 */
export function defineAccess(options: AccessOptions, overrides: AccessOptionNames = {}): AccessConfig {
  const name = (option: keyof AccessOptions): string => overrides[option] ?? `access.${option}`;
  if (typeof options !== "object" || options === null) {
    throw new ConfigError("access", "must be an options object, a function of env, or null");
  }
  const teamName = team(options.teamName, name("teamName"));
  const audiences = audienceList(options.aud, name("aud"));
  if (teamName === null && audiences === null) {
    throw new ConfigError(name("teamName"), `set the team name or the AUD (${name("aud")}), or turn Access off`);
  }
  const certsUrl = options.certsUrl === undefined || options.certsUrl === "" ? null : options.certsUrl;
  if (certsUrl !== null && (typeof certsUrl !== "string" || !isLoopbackUrl(certsUrl))) {
    throw new ConfigError(
      name("certsUrl"),
      "is honoured only for loopback hosts (localhost, 127.0.0.1, [::1]) over http(s), for local development and tests",
    );
  }
  const exemptList = options.exemptPaths ?? [];
  if (!Array.isArray(exemptList)) throw new ConfigError(name("exemptPaths"), "must be an array of paths");
  const exemptPaths = Object.freeze(exemptList.map((path: unknown) => parseExemptPath(path, name("exemptPaths"))));
  const cacheTimeout = numberIn(options.cacheTimeout, DEFAULT_CACHE_TIMEOUT_SECONDS, name("cacheTimeout"), 1, 7 * 86400);
  const cooldown = numberIn(options.keyRefetchCooldown, DEFAULT_KEY_REFETCH_COOLDOWN_SECONDS, name("keyRefetchCooldown"), 0, 3600);
  const clockTolerance = numberIn(
    options.clockTolerance,
    DEFAULT_CLOCK_TOLERANCE_SECONDS,
    name("clockTolerance"),
    0,
    MAX_CLOCK_TOLERANCE_SECONDS,
  );
  const maxTokenBytes = numberIn(options.maxTokenBytes, DEFAULT_MAX_TOKEN_BYTES, name("maxTokenBytes"), 256, 1024 * 1024);
  if (options.tokenCache !== undefined && typeof options.tokenCache !== "boolean") {
    throw new ConfigError(name("tokenCache"), "must be a boolean");
  }
  if (options.exempt !== undefined && typeof options.exempt !== "function") {
    throw new ConfigError(name("exempt"), "must be a function (request, { stage, shard }) => boolean");
  }
  if (options.onUser !== undefined && typeof options.onUser !== "function") {
    throw new ConfigError(name("onUser"), "must be a function (claims, db) => Promise<AppUser>");
  }
  const issuer = teamName === null ? null : teamIssuer(teamName);
  const config: AccessConfig = Object.freeze({
    teamName,
    issuer,
    audiences,
    exemptPaths,
    exempt: options.exempt ?? null,
    cacheTimeoutMs: cacheTimeout * 1000,
    cooldownMs: cooldown * 1000,
    clockToleranceSeconds: clockTolerance,
    certsUrl,
    maxTokenBytes,
    tokenCache: options.tokenCache ?? true,
    onUser: options.onUser ?? null,
    // Two configs with the same fingerprint accept exactly the same tokens,
    // so they may share verified tokens.
    fingerprint: JSON.stringify([issuer, audiences && [...audiences].sort(), certsUrl, clockTolerance]),
  });
  configs.add(config);
  return config;
}

function team(value: unknown, option: string): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") throw new ConfigError(option, "must be a string such as \"myteam\"");
  let name = value.trim().toLowerCase();
  if (name.startsWith("https://")) name = name.slice("https://".length);
  if (name.endsWith(`.${ACCESS_DOMAIN}`)) name = name.slice(0, -`.${ACCESS_DOMAIN}`.length);
  if (!isTeamLabel(name)) {
    throw new ConfigError(option, `must be your team's name ("myteam" or "myteam.${ACCESS_DOMAIN}")`);
  }
  return name;
}

function audienceList(value: unknown, option: string): readonly string[] | null {
  if (value === undefined || value === null || value === "") return null;
  const list = typeof value === "string" ? value.split(",").filter((part) => part.trim() !== "") : value;
  if (!Array.isArray(list)) throw new ConfigError(option, "must be a string or an array of strings");
  const cleaned = list.map((entry: unknown) => {
    if (typeof entry !== "string" || !/^[\x21-\x7e]{1,256}$/.test(entry.trim())) {
      throw new ConfigError(option, "each AUD must be a non-empty printable string (the application's audience tag)");
    }
    return entry.trim();
  });
  if (cleaned.length === 0) throw new ConfigError(option, "must name at least one AUD");
  return Object.freeze(cleaned);
}

function numberIn(value: unknown, fallback: number, option: string, min: number, max: number): number {
  // Seconds for the durations, bytes for maxTokenBytes.
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(option, `must be a number from ${min} to ${max}`);
  }
  return value;
}
