// The CLI's two kinds of failure, each printed as one line without a stack.

/** Exit code of a usage mistake (unknown command, bad or missing argument). */
export const USAGE_EXIT = 2;
/** Exit code of anything that went wrong while running a command. */
export const FAILURE_EXIT = 1;

/** A failure to report as one line; `exitCode` says which kind. */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly exitCode: number;

  constructor(message: string, exitCode: number = FAILURE_EXIT) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** A usage mistake (exit 2). */
export function usageError(message: string): CliError {
  return new CliError(message, USAGE_EXIT);
}

/**
 * Text from a server or a file made safe for a terminal: control characters
 * (which could move the cursor or rewrite earlier lines) become `?`.
 */
export function printable(value: unknown): string {
  return String(value).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "?");
}
