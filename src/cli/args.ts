import { parseArgs } from "node:util";
import { ADMIN_METHODS } from "../admin/protocol.ts";
import { COMMANDS, isCommand } from "./commands.ts";
import type { CommandName } from "./commands.ts";
import { printable, usageError } from "./errors.ts";
import { parseArgsMessage } from "./parse-args-message.ts";
import { DEFAULT_TEMPLATE, isTemplate, TEMPLATES } from "./templates.ts";
import type { TemplateName } from "./templates.ts";

/** A command that calls the router's admin route of the same name. */
export type RemoteCommand = keyof typeof ADMIN_METHODS;

/** A remote command and where to send it. */
export interface RemoteInvocation {
  readonly kind: "remote";
  readonly command: RemoteCommand;
  readonly url: string | undefined;
  readonly token: string | undefined;
  readonly shard: string | undefined;
  readonly json: boolean;
  readonly timeoutSeconds: number;
  readonly email: string | undefined;
  readonly name: string | undefined;
  /** schedules: the page asked for (`limit`, `cursor`, `status`), sent as the route's query. */
  readonly query: Readonly<Record<string, string>>;
}

/** What the command line asked for. */
export type Invocation =
  | { readonly kind: "help"; readonly command: CommandName | undefined }
  | { readonly kind: "version" }
  | { readonly kind: "init"; readonly dir: string; readonly template: TemplateName }
  | { readonly kind: "new-migration"; readonly name: string; readonly dir: string | undefined; readonly json: boolean }
  | { readonly kind: "manifest"; readonly dirs: readonly string[]; readonly dir: string | undefined; readonly check: boolean }
  | RemoteInvocation;

/** Options every remote command takes. */
const REMOTE = ["url", "token", "shard", "json", "timeout"];

/** The options each command accepts. */
const ACCEPTS: Readonly<Record<string, readonly string[]>> = {
  init: ["template"],
  help: [],
  migrate: REMOTE,
  migrations: REMOTE,
  stats: REMOTE,
  schedules: [...REMOTE, "limit", "cursor", "status"],
  "create-admin": [...REMOTE, "email", "name"],
  "migrations new": ["dir", "json"],
  "migrations manifest": ["dir", "check"],
};

const OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  shard: { type: "string" },
  json: { type: "boolean" },
  timeout: { type: "string" },
  email: { type: "string" },
  name: { type: "string" },
  limit: { type: "string" },
  cursor: { type: "string" },
  status: { type: "string" },
  dir: { type: "string" },
  check: { type: "boolean" },
  template: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

type Values = Readonly<Record<string, string | boolean | undefined>>;

/** Default seconds to wait for an answer; a wide ring takes a while to migrate. */
export const DEFAULT_TIMEOUT_SECONDS = 300;

/**
 * Parses `argv` (without `node` and the script). Throws a usage `CliError`
 * for an unknown command or option, a missing value, or an option the
 * command does not take.
 */
export function parseInvocation(argv: readonly string[]): Invocation {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(parseArgsMessage(error));
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  if (values.help) return { kind: "help", command: first === undefined ? undefined : commandOf(positionals)[0] };
  if (values.version) return { kind: "version" };
  if (first === undefined) throw usageError("no command given; see `dorm --help`");

  const [command, words] = commandOf(positionals);
  switch (command) {
    case "help": {
      accept(command, values);
      if (words.length === 0) return { kind: "help", command: undefined };
      const [target, more] = commandOf(words);
      if (more.length > 0) throw usageError(`help takes one command; "${printable(more[0]).slice(0, 40)}" is not part of it`);
      return { kind: "help", command: target };
    }
    case "init":
      return init(values, words);
    case "migrations new":
      return newMigration(values, words);
    case "migrations manifest":
      return manifest(values, words);
    default:
      if (words.length > 0) throw usageError(`${command} takes no argument "${printable(words[0]).slice(0, 40)}"`);
      return remote(command, values);
  }
}

/** The command the words name, and the words after it; a usage error for an unknown command. */
function commandOf(words: readonly string[]): [CommandName, string[]] {
  const [first = "", second, ...rest] = words;
  const two = `${first} ${second}`;
  if (second !== undefined && isCommand(two)) return [two, rest];
  if (isCommand(first)) return [first, words.slice(1)];
  throw usageError(`unknown command "${printable(first).slice(0, 40)}"; commands: ${COMMANDS.join(", ")}`);
}

function init(values: Values, words: readonly string[]): Invocation {
  accept("init", values);
  const [dir, extra] = words;
  if (dir === undefined || dir === "") {
    throw usageError(`init needs a folder, e.g. \`dorm init my-app\` (--template ${TEMPLATES.join(" or ")})`);
  }
  if (extra !== undefined) throw usageError(`init takes one folder; "${printable(extra).slice(0, 40)}" is a second one`);
  const template = stringValue(values.template, "template") ?? DEFAULT_TEMPLATE;
  if (!isTemplate(template)) {
    throw usageError(`unknown template "${printable(template).slice(0, 40)}"; templates: ${TEMPLATES.join(", ")}`);
  }
  return { kind: "init", dir, template };
}

function newMigration(values: Values, words: readonly string[]): Invocation {
  accept("migrations new", values);
  if (words.length === 0) throw usageError("migrations new needs a name, e.g. `dorm migrations new add_tags`");
  return {
    kind: "new-migration",
    name: words.join("_").replace(/\s+/g, "_"),
    dir: stringValue(values.dir, "dir"),
    json: values.json === true,
  };
}

function manifest(values: Values, dirs: readonly string[]): Invocation {
  accept("migrations manifest", values);
  const dir = stringValue(values.dir, "dir");
  if (dir !== undefined && dirs.length > 0) throw usageError("migrations manifest takes its folders as DIR... or one --dir, not both");
  if (dirs.includes("")) throw usageError("migrations manifest: a DIR is empty");
  return { kind: "manifest", dirs, dir, check: values.check === true };
}

function remote(command: RemoteCommand, values: Values): RemoteInvocation {
  accept(command, values);
  const timeout = values.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw usageError("--timeout must be a number of seconds above 0");
  const email = stringValue(values.email, "email");
  if (command === "create-admin" && email === undefined) {
    throw usageError('create-admin needs --email, e.g. `dorm create-admin --email ada@example.com --name "Ada Lovelace"`');
  }
  return {
    kind: "remote",
    command,
    url: stringValue(values.url, "url"),
    token: stringValue(values.token, "token"),
    shard: stringValue(values.shard, "shard"),
    json: values.json === true,
    timeoutSeconds: timeout,
    email,
    name: stringValue(values.name, "name"),
    query: pageQuery(values),
  };
}

/** The page options of `schedules`, as given; the router checks them (400 `invalid_input`). */
function pageQuery(values: Values): Record<string, string> {
  const query: Record<string, string> = {};
  for (const option of ["limit", "cursor", "status"]) {
    const value = stringValue(values[option], option);
    if (value !== undefined) query[option] = value;
  }
  return query;
}

function accept(command: string, values: Values): void {
  const allowed = ACCEPTS[command] ?? [];
  for (const [option, value] of Object.entries(values)) {
    if (value !== undefined && !allowed.includes(option)) throw usageError(`${command} does not take --${option}`);
  }
}

function stringValue(value: unknown, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") throw usageError(`--${option} needs a value`);
  return value;
}
