import { DEFAULT_TIMEOUT_SECONDS } from "./args.ts";

/** `dorm --help`. */
export const USAGE = `dorm: admin commands for a dorm app

Usage:
  dorm migrate                  apply pending migrations on the target shard(s)
  dorm migrations               applied (with time and checksum status) and pending migrations
  dorm create-admin --email EMAIL [--name "First Last"]
                                make EMAIL a staff superuser (created, or promoted if it exists)
  dorm stats                    tables with row counts, and the database size
  dorm migrations new NAME [--dir DIR]
                                create the next NNNN_NAME.sql and regenerate the folder's manifest.ts
                                (DIR: default migrations_dir of ./wrangler.toml, else ./migrations)
  dorm migrations manifest [DIR...] [--check]
                                regenerate each folder's manifest.ts from its .sql files (DIR: as above);
                                --check writes nothing and fails if a manifest.ts is out of date

Options of the remote commands:
  --url URL        the router worker's URL (or env DORM_URL)
  --token TOKEN    the admin token (or env DORM_ADMIN_TOKEN; the env var keeps it out of \`ps\`)
  --shard NAME     one shard; default: the strategy's default shard, or every shard of a ring
  --json           print the router's JSON answer instead of text
  --timeout SECS   give up after SECS seconds (default ${DEFAULT_TIMEOUT_SECONDS})

  -h, --help       this text
  --version        dorm's version

Exit status: 0 success, 1 failure (any shard failed, HTTP error, unreachable, manifest.ts out of date,
no such folder), 2 usage error.`;
