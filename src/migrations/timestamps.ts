/**
 * A ledger time as ISO-8601 UTC text. wrangler's `d1_migrations` stores
 * SQLite's CURRENT_TIMESTAMP (`2025-01-31 12:00:00`, UTC); dorm's ledger already
 * stores ISO text. Anything else (a hand-edited row) is passed through as is
 * rather than guessed at.
 */
export function isoTimestamp(value: unknown): string {
  const text = String(value);
  const sqlite = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/.exec(text);
  return sqlite ? `${sqlite[1]}T${sqlite[2]}Z` : text;
}
