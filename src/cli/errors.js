// The CLI's two kinds of failure, each printed as one line without a stack.

/** Exit code of a usage mistake (unknown command, bad or missing argument). */
export const USAGE_EXIT = 2;
/** Exit code of anything that went wrong while running a command. */
export const FAILURE_EXIT = 1;

/** A failure to report as one line; `exitCode` says which kind. */
export class CliError extends Error {
  /**
   * @param {string} message
   * @param {number} [exitCode]
   */
  constructor(message, exitCode = FAILURE_EXIT) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/**
 * A usage mistake (exit 2).
 * @param {string} message
 */
export function usageError(message) {
  return new CliError(message, USAGE_EXIT);
}

/**
 * Text from a server or a file made safe for a terminal: control characters
 * (which could move the cursor or rewrite earlier lines) become `?`.
 * @param {unknown} value
 * @returns {string}
 */
export function printable(value) {
  return String(value).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "?");
}
