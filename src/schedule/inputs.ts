import { ConfigError } from "../errors/config-error.ts";
import { MAX_ATTEMPTS, MAX_KEY_LENGTH, MAX_PAYLOAD_BYTES } from "./limits.ts";
import { ScheduleError } from "./schedule-error.ts";

/** `value` as attempts per run (1–100), or a `ConfigError` naming `option`. */
export function checkAttempts(value: unknown, option: string): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_ATTEMPTS) {
    throw new ConfigError(option, `must be a whole number from 1 to ${MAX_ATTEMPTS}`);
  }
  return value as number;
}

/** The task's name when the scheduler declares it; else a `ConfigError` listing the tasks it does. */
export function checkTask(task: unknown, tasks: object): string {
  if (typeof task !== "string" || !Object.hasOwn(tasks, task)) {
    const shown = typeof task === "string" ? JSON.stringify(task.slice(0, 64)) : typeof task;
    throw new ConfigError("task", `unknown task ${shown}; the scheduler declares ${Object.keys(tasks).join(", ")}`);
  }
  return task;
}

/** The payload as stored JSON text, at most `MAX_PAYLOAD_BYTES` of UTF-8 (`undefined` is stored as `null`). */
export function payloadText(payload: unknown): string {
  let text: string | undefined;
  try {
    text = payload === undefined ? "null" : JSON.stringify(payload);
  } catch (error) {
    throw new ScheduleError("invalid_payload", `payload cannot be stored as JSON: ${(error as Error).message}`, { cause: error });
  }
  if (text === undefined) throw new ScheduleError("invalid_payload", "payload cannot be stored as JSON (a function or symbol)");
  // Three bytes per UTF-16 unit at most: count exactly only when it could matter.
  if (text.length * 3 > MAX_PAYLOAD_BYTES && new TextEncoder().encode(text).length > MAX_PAYLOAD_BYTES) {
    throw new ScheduleError("payload_too_large", `payload is over ${MAX_PAYLOAD_BYTES} bytes as JSON: store the data in a table and pass its id`);
  }
  return text;
}

/** A key: 1–256 characters, none of them control characters (so it reads safely in logs and listings). */
export function checkKey(key: unknown): string {
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY_LENGTH || /[\u0000-\u001f\u007f-\u009f]/.test(key)) {
    throw new ScheduleError("invalid_key", `key must be a string of 1 to ${MAX_KEY_LENGTH} characters without control characters`);
  }
  return key;
}
