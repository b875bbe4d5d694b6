// The bounds of what a schedule may hold, in one place for code and docs.

/** A payload is stored as JSON: at most 16 KiB of UTF-8. A schedule names work; keep data in your tables and pass its id. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;

/** A key: 1 to 256 characters. */
export const MAX_KEY_LENGTH = 256;

/** A delay or a Date may lie at most ten years ahead. */
export const MAX_HORIZON_MS = 10 * 366 * 86_400_000;

/** Tries per run: 1 to 100. */
export const MAX_ATTEMPTS = 100;

/** At most this many tasks run per alarm wake-up; the alarm then fires again at once for the rest, each wake-up with fresh time limits. */
export const MAX_RUNS_PER_WAKE = 256;

/** A failed attempt's error message is kept up to this many characters. */
export const MAX_ERROR_LENGTH = 1000;

/** A page of `list`: 1 to 100 schedules, 50 unless asked. */
export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 50;
