// dorm/d1: D1 mode, where the router runs the app against a D1 database.
export { d1Mode } from "./d1-mode.ts";
export type { D1ModeOptions } from "./d1-mode.ts";
