import { parseArgs } from "node:util";
import { usageError } from "./errors.js";

/** @typedef {"migrate" | "migrations" | "create-admin" | "stats"} RemoteCommand */

/**
 * What the command line asked for.
 * @typedef {{ kind: "help" } | { kind: "version" }
 *   | { kind: "new-migration", name: string, dir: string | undefined, json: boolean }
 *   | { kind: "remote", command: RemoteCommand, url: string | undefined, token: string | undefined,
 *       shard: string | undefined, json: boolean, timeoutSeconds: number,
 *       email: string | undefined, name: string | undefined }} Invocation
 */

/** Options every remote command takes. */
const REMOTE = ["url", "token", "shard", "json", "timeout"];

/** @type {Record<string, string[]>} the options each command accepts */
const ACCEPTS = {
  migrate: REMOTE,
  migrations: REMOTE,
  stats: REMOTE,
  "create-admin": [...REMOTE, "email", "name"],
  "migrations new": ["dir", "json"],
};

/** @type {import("node:util").ParseArgsConfig["options"]} */
const OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  shard: { type: "string" },
  json: { type: "boolean" },
  timeout: { type: "string" },
  email: { type: "string" },
  name: { type: "string" },
  dir: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
};

/** Default seconds to wait for an answer; a wide ring takes a while to migrate. */
export const DEFAULT_TIMEOUT_SECONDS = 300;

/**
 * Parses `argv` (without `node` and the script). Throws a usage `CliError`
 * for an unknown command or option, a missing value, or an option the
 * command does not take.
 * @param {string[]} argv
 * @returns {Invocation}
 */
export function parseInvocation(argv) {
  /** @type {{ values: Record<string, string | boolean | undefined>, positionals: string[] }} */
  let parsed;
  try {
    parsed = /** @type {any} */ (parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (error) {
    throw usageError(parseArgsMessage(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const [command, ...rest] = positionals;
  if (command === undefined) throw usageError("no command given; see `dorm --help`");

  if (command === "migrations" && rest[0] === "new") {
    accept("migrations new", values);
    const words = rest.slice(1);
    if (words.length === 0) throw usageError("migrations new needs a name, e.g. `dorm migrations new add_tags`");
    return {
      kind: "new-migration",
      name: words.join("_").replace(/\s+/g, "_"),
      dir: stringValue(values.dir, "dir"),
      json: values.json === true,
    };
  }
  if (!Object.hasOwn(ACCEPTS, command) || command === "migrations new") {
    throw usageError(`unknown command "${command.slice(0, 40)}"; commands: migrate, migrations, migrations new, create-admin, stats`);
  }
  if (rest.length > 0) throw usageError(`${command} takes no argument "${rest[0]?.slice(0, 40)}"`);
  accept(command, values);
  const timeout = values.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw usageError("--timeout must be a number of seconds above 0");
  const email = stringValue(values.email, "email");
  if (command === "create-admin" && email === undefined) {
    throw usageError('create-admin needs --email, e.g. `dorm create-admin --email ada@example.com --name "Ada Lovelace"`');
  }
  return {
    kind: "remote",
    command: /** @type {RemoteCommand} */ (command),
    url: stringValue(values.url, "url"),
    token: stringValue(values.token, "token"),
    shard: stringValue(values.shard, "shard"),
    json: values.json === true,
    timeoutSeconds: timeout,
    email,
    name: stringValue(values.name, "name"),
  };
}

/**
 * @param {string} command
 * @param {Record<string, unknown>} values
 */
function accept(command, values) {
  const allowed = ACCEPTS[command] ?? [];
  for (const [option, value] of Object.entries(values)) {
    if (value !== undefined && !allowed.includes(option)) throw usageError(`${command} does not take --${option}`);
  }
}

/**
 * @param {unknown} value
 * @param {string} option
 * @returns {string | undefined}
 */
function stringValue(value, option) {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") throw usageError(`--${option} needs a value`);
  return value;
}

/**
 * parseArgs's messages are long and suggest `--` tricks; say it shortly.
 * @param {unknown} error
 */
function parseArgsMessage(error) {
  const code = /** @type {{ code?: string }} */ (error).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^' ]*)/.exec(message)?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option ${option.slice(0, 40)}; see \`dorm --help\``;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const name = option.slice(0, 40);
    if (message.includes("does not take")) return `option ${name} takes no value`;
    if (message.includes("ambiguous")) return `option ${name} needs a value (one starting with "-" is written ${name}=VALUE)`;
    return `option ${name} needs a value`;
  }
  return message.split("\n")[0] ?? "bad arguments";
}
