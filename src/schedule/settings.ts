import { ConfigError } from "../errors/config-error.ts";
import { checkAttempts } from "./inputs.ts";
import type { Settings } from "./runtime.ts";
import type { SchedulerOptions, TaskMap } from "./types.ts";

const TASK_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

/** `scheduler`'s options, validated where they are given (a `ConfigError` names the option). */
export function checkSettings<Env, Tasks extends TaskMap<Env>>(options: SchedulerOptions<Env, Tasks>): Settings<Env> {
  if (typeof options !== "object" || options === null) throw new ConfigError("scheduler", "needs an options object");
  const { tasks, maxAttempts = 3, backoff = 10 } = options;
  if (typeof tasks !== "object" || tasks === null || Object.keys(tasks).length === 0) {
    throw new ConfigError("tasks", "must name at least one task: { name: async (payload, task) => … }");
  }
  for (const [name, handler] of Object.entries(tasks)) {
    if (!TASK_NAME.test(name)) throw new ConfigError(`tasks.${name.slice(0, 64)}`, "a task name is a letter then up to 63 letters, digits, _ . : or -");
    if (typeof handler !== "function") throw new ConfigError(`tasks.${name}`, "must be a function (payload, task) => …");
  }
  let delays: (attempt: number) => number;
  if (typeof backoff === "function") delays = backoff;
  else if (typeof backoff === "number" && backoff >= 0 && backoff <= 3600) delays = (attempt) => Math.min(backoff * 2 ** (attempt - 1), 3600);
  else throw new ConfigError("backoff", "must be seconds from 0 to 3600 (doubled each retry, at most an hour) or a function (attempt) => seconds");
  // A copy: the tasks are fixed when the scheduler is made.
  return { tasks: Object.freeze({ ...tasks }), maxAttempts: checkAttempts(maxAttempts, "maxAttempts"), backoff: delays };
}
