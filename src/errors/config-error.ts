import { DormError } from "./dorm-error.ts";

/**
 * Invalid configuration, thrown where the configuration is created so the
 * message can name the offending option (`option`).
 */
export class ConfigError extends DormError {
  override name = "ConfigError";
  readonly option: string;

  constructor(option: string, message: string, options?: { cause?: unknown }) {
    super("invalid_config", `${option}: ${message}`, options);
    this.option = option;
  }
}
