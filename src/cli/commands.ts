/** The commands, as typed after `dorm` (two words for the `migrations` subcommands). */
export const COMMANDS = ["init", "migrate", "migrations", "migrations new", "migrations manifest", "create-admin", "stats", "schedules", "help"] as const;

export type CommandName = (typeof COMMANDS)[number];

/** Whether `words` (joined by a space) names a command. */
export function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}
