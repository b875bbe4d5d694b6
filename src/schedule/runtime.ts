import type { ObjectScope } from "../app/object-feature.ts";
import type { Backoff, TaskHandler, TaskMap } from "./types.ts";

/** A scheduler's validated options. */
export interface Settings<Env> {
  readonly tasks: TaskMap<Env>;
  readonly maxAttempts: number;
  readonly backoff: Backoff;
}

/** One object's scheduler: the object, the scheduler's settings, and the shard name once known. */
export interface ObjectRuntime<Env> {
  readonly owner: object;
  readonly scope: ObjectScope<Env>;
  readonly settings: Settings<Env>;
  shard: string | undefined;
}

/** The declared handler of `task`, if any. */
export function handlerOf<Env>(settings: Settings<Env>, task: string): TaskHandler<Env, unknown> | undefined {
  return Object.hasOwn(settings.tasks, task) ? (settings.tasks[task] as TaskHandler<Env, unknown>) : undefined;
}
