// Every help text of the CLI, in one place: `dorm --help` (= `dorm help`) and
// each command's own (`dorm <command> --help` = `dorm help <command>`).

import { DEFAULT_TIMEOUT_SECONDS } from "./args.ts";
import { COMMANDS } from "./commands.ts";
import type { CommandName } from "./commands.ts";
import { DEFAULT_TEMPLATE, TEMPLATES } from "./templates.ts";

const TEMPLATE_LIST = TEMPLATES.join("|");

/** `dorm --help`. */
export const USAGE = `dorm: create a dorm app, manage its migrations, run admin operations on it

Usage:
  dorm init DIR [--template ${TEMPLATE_LIST}]
                                create a new project in DIR (an empty or new folder)
  dorm migrate                  apply pending migrations on the target shard(s)
  dorm migrations               applied (with time and checksum status) and pending migrations
  dorm create-admin --email EMAIL [--name "First Last"]
                                make EMAIL a staff superuser (created, or promoted if it exists)
  dorm stats                    tables with row counts, and the database size
  dorm schedules [--status pending|failed] [--limit N] [--cursor C]
                                a page of the scheduled tasks, soonest first (dorm/schedule)
  dorm migrations new NAME [--dir DIR]
                                create the next NNNN_NAME.sql and regenerate the folder's manifest.ts
                                (DIR: default migrations_dir of ./wrangler.toml, else ./migrations)
  dorm migrations manifest [DIR...] [--check]
                                regenerate each folder's manifest.ts from its .sql files (DIR: as above);
                                --check writes nothing and fails if a manifest.ts is out of date
  dorm help [COMMAND]           this text, or a command's own (same as dorm COMMAND --help)

Options of the remote commands (migrate, migrations, create-admin, stats, schedules):
${remoteOptions()}

  -h, --help       this text; after a command, that command's help
  --version        dorm's version

Exit status: 0 success, 1 failure (any shard failed, HTTP error, unreachable, manifest.ts out of date,
no such folder), 2 usage error (unknown command or option, missing argument, init into a non-empty folder).`;

function remoteOptions(): string {
  return `  --url URL        the router worker's URL (or env DORM_URL)
  --token TOKEN    the admin token: the worker's ADMIN_TOKEN (or env DORM_ADMIN_TOKEN, which keeps it out of \`ps\`)
  --shard NAME     one shard; default: the strategy's default shard, or every shard of a ring
  --json           print the router's JSON answer instead of text
  --timeout SECS   give up after SECS seconds (default ${DEFAULT_TIMEOUT_SECONDS})`;
}

const REMOTE_EXIT = `Exit status: 0 every shard ok; 1 a shard failed, the token was refused (HTTP 401), another
HTTP error, or no answer; 2 usage error (unknown option, no --url or token).`;

const TOKEN_NOTE = `The token must equal the worker's ADMIN_TOKEN (16 characters or more). Deployed:
\`npx wrangler secret put ADMIN_TOKEN\`; locally: \`npx wrangler dev --var ADMIN_TOKEN:<token>\`
or a line ADMIN_TOKEN=<token> in .dev.vars.`;

/** A remote command's help: its usage line, what it does, the shared options, an example. */
function remote(usage: string, what: string, example: string, extraOptions = ""): string {
  return `Usage: ${usage}

${what}

Options:
${extraOptions}${remoteOptions()}
  -h, --help       this text

${TOKEN_NOTE}

Example:
  ${example}

${REMOTE_EXIT}`;
}

/** `dorm <command> --help`, for each command. */
export const COMMAND_USAGE: Readonly<Record<CommandName, string>> = {
  init: `Usage: dorm init DIR [--template ${TEMPLATE_LIST}]

Creates a new dorm project in DIR (created if missing; an existing folder must be empty):
package.json (dorm and its tools at exact versions; scripts start, test, deploy, typecheck),
tsconfig.json, wrangler.toml, src/ (a router worker and the app), migrations/ (a first
migration and its manifest.ts), test/ (vitest inside workerd), README.md, .gitignore.
The project's name (package.json and wrangler.toml) is DIR's last part, made a valid worker
name: lower-case letters, digits and "-".

Templates:
  durable-objects  one Durable Object per tenant, each with its own SQLite database (default)
  d1               the worker runs the app on one D1 database; no Durable Object

Options:
  --template NAME  ${TEMPLATE_LIST} (default ${DEFAULT_TEMPLATE})
  -h, --help       this text

Example:
  npx dorm init my-app && cd my-app && npm install && npm start

Exit status: 0 created; 1 could not write; 2 usage error (no DIR, unknown template, DIR not
empty or not a folder, a name with no letter or digit).`,

  migrate: remote(
    "dorm migrate [--shard NAME] [--url URL] [--token TOKEN] [--json] [--timeout SECS]",
    `Applies pending migrations (dorm's built-in ones first, then the app's) on the target shard:
--shard NAME, else the strategy's default shard, else every shard of a ring. In D1 mode, once
on the D1 database. Prints one line per shard as it finishes.`,
    "npx dorm migrate --url https://my-app.example.workers.dev --shard acme   # the token in DORM_ADMIN_TOKEN",
  ),

  migrations: remote(
    "dorm migrations [--shard NAME] [--url URL] [--token TOKEN] [--json] [--timeout SECS]",
    `Lists the applied migrations (when, and whether the file changed since: checksum ok, changed or
unknown), the pending ones, and ledger rows whose file is gone. Changes nothing.
Subcommands (local files, no server): \`dorm migrations new --help\`, \`dorm migrations manifest --help\`.`,
    "npx dorm migrations --url http://127.0.0.1:8787 --token local-dev-admin-token-123",
  ),

  "create-admin": remote(
    'dorm create-admin --email EMAIL [--name "First Last"] [--shard NAME] [--url URL] [--token TOKEN] [--json]',
    `Makes EMAIL a staff superuser in the dorm_users table of the target shard: created, or promoted
if it exists (an inactive user stays inactive). EMAIL: local@domain.tld, at most 254 characters;
name at most 150.`,
    'npx dorm create-admin --email ada@example.com --name "Ada Lovelace" --shard acme',
    `  --email EMAIL    the user's email, as Cloudflare Access reports it (required)
  --name NAME      first and last name (optional)
`,
  ),

  stats: remote(
    "dorm stats [--shard NAME] [--url URL] [--token TOKEN] [--json] [--timeout SECS]",
    "Prints the app's tables (and dorm_users) with their row counts, the migration ledgers, and the database size.",
    "npx dorm stats --shard acme --json",
  ),

  schedules: remote(
    "dorm schedules [--status pending|failed] [--limit N] [--cursor C] [--shard NAME] [--url URL] [--token TOKEN] [--json]",
    `Lists a page of the target shard's schedules (dorm/schedule), soonest first: id, task, when it
runs next, attempts, key, and for a failed one its last error. The next page: --cursor with the
cursor the previous page printed. Changes nothing. Not available in D1 mode, nor for an app without
a scheduler.`,
    "npx dorm schedules --shard acme --status failed",
    `  --status S       only pending or only failed schedules
  --limit N        at most N (1-100, default 50)
  --cursor C       the page after the one that printed "next page: --cursor C"
`,
  ),

  "migrations new": `Usage: dorm migrations new NAME [--dir DIR] [--json]

Creates the next migration file, NNNN_NAME.sql (the highest number in the folder plus one), with
a comment line only, and regenerates the folder's manifest.ts. Write your SQL in the file, then
run \`dorm migrations manifest\` again. NAME: letters, digits, "_", "." or "-" (words are joined
with "_").

Options:
  --dir DIR        the folder; default: migrations_dir of ./wrangler.toml, else ./migrations
  --json           print {file, manifest, manifestChanged} as JSON
  -h, --help       this text

Example:
  npx dorm migrations new add_due_date

Exit status: 0 created; 1 could not write; 2 usage error (no NAME, a NAME the runtime refuses).`,

  "migrations manifest": `Usage: dorm migrations manifest [DIR...] [--dir DIR] [--check]

Writes DIR/manifest.ts from the folder's .sql files, in the order wrangler applies them: the
module through which the worker gets its migrations (a worker cannot read the folder). Commit it
with the .sql files. Leaves an up-to-date manifest.ts untouched.

Options:
  DIR...           the folders; default: --dir, else migrations_dir of ./wrangler.toml, else ./migrations
  --dir DIR        one folder (instead of DIR...)
  --check          write nothing; fail (exit 1) naming each folder whose manifest.ts is out of date
  -h, --help       this text

Example:
  npx dorm migrations manifest --check

Exit status: 0 written or up to date; 1 out of date (--check), no such folder, a file that controls
transactions; 2 usage error.`,

  help: `Usage: dorm help [COMMAND]

Prints dorm's help, or COMMAND's (the same as \`dorm COMMAND --help\`). COMMAND: ${COMMANDS.join(", ")}.

Example:
  npx dorm help migrations new

Exit status: 0; 2 for an unknown COMMAND.`,
};
