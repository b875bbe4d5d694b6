import { printable } from "./errors.ts";
import type { RemoteResults } from "./wire.ts";

/** A shard's page of schedules: a line each, then how to ask for the next page. */
export function scheduleLines(head: string, result: RemoteResults["schedules"]): string[] {
  const schedules = result.schedules ?? [];
  const lines = [`${head}  ok  ${schedules.length} schedule${schedules.length === 1 ? "" : "s"}`];
  for (const s of schedules) {
    const repeat = s.cron ? ` (cron ${printable(s.cron)})` : "";
    const key = s.key ? ` key ${printable(s.key)}` : "";
    lines.push(`    #${s.id}  ${printable(s.status ?? "?")}  ${printable(s.runAt ?? "?")}  ${printable(s.task ?? "?")}${repeat}  attempts ${s.attempts}/${s.maxAttempts}${key}`);
    if (s.lastError) lines.push(`        last error: ${printable(s.lastError).slice(0, 200)}`);
  }
  if (typeof result.cursor === "string") lines.push(`    next page: --cursor ${printable(result.cursor)}`);
  return lines;
}
