/**
 * A `parseArgs` failure said shortly: its own messages are long and suggest
 * `--` tricks.
 */
export function parseArgsMessage(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
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
