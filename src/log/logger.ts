/** Fields attached to one log line. Never put secrets or token contents here. */
export type LogFields = Record<string, unknown>;

/** A named logger that writes one JSON object per line to the console. */
export interface Logger {
  readonly name: string;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * Creates a logger whose lines carry `logger: name`, so Workers Logs and
 * `wrangler tail` can filter by component (`dorm.router`, `dorm.app`, …).
 *
 * @example
 * ```ts
 * const log = createLogger("dorm.app");
 * log.error("handler threw", { requestId, error: describeError(e) });
 * ```
 */
export function createLogger(name: string): Logger {
  // console.info/warn/error: Workers Logs keeps each line's level.
  const at = (level: "info" | "warn" | "error") => (message: string, fields?: LogFields) =>
    console[level](JSON.stringify({ level, logger: name, message, ...fields }));
  return { name, info: at("info"), warn: at("warn"), error: at("error") };
}

/** What of an error goes into a log line: its name, code, message and stack. */
export function describeError(error: unknown): LogFields {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      ...(typeof code === "string" ? { code } : {}),
      message: error.message,
      stack: error.stack,
    };
  }
  return { message: String(error) };
}
