// Checked by `npm run typecheck` (not a vitest file): what the types of
// dorm/schedule accept and refuse. Each @ts-expect-error fails the check if
// the line compiles.
import { scheduler } from "../../../src/schedule/index.ts";
import type { TaskContext, TaskMap } from "../../../src/schedule/index.ts";
type Env = { X: string };
const tasks = { remind: async (p: { id: number }, t: TaskContext<Env>) => void [p, t.env.X] } satisfies TaskMap<Env>;
const a = scheduler<Env, typeof tasks>({ tasks });
declare const state: DurableObjectState;
void a.schedule(state, 1, "remind", { id: 1 });
// @ts-expect-error unknown task name
void a.schedule(state, 1, "nope", { id: 1 });
// @ts-expect-error wrong payload
void a.schedule(state, 1, "remind", { id: "x" });
const b = scheduler<Env>({ tasks: { remind: async (p: { id: number }, t) => void [p, t.env.X] } });
void b.schedule(state, 1, "anything", 5);
