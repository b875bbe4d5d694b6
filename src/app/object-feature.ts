import type { Database } from "../db/types.ts";
import type { MigrationFile } from "../migrations/types.ts";

/**
 * The entry points workerd calls on a Durable Object by name, which a feature
 * may serve: the alarm and the hibernatable WebSocket events.
 */
export interface ObjectHandlers {
  alarm?(info?: AlarmInvocationInfo): void | Promise<void>;
  webSocketMessage?(ws: WebSocket, message: string | ArrayBuffer): void | Promise<void>;
  webSocketClose?(ws: WebSocket, code: number, reason: string, wasClean: boolean): void | Promise<void>;
  webSocketError?(ws: WebSocket, error: unknown): void | Promise<void>;
}

/**
 * The object as a feature sees it when it is built (again after every
 * eviction or hibernation): the DurableApp itself, through its ctx, env, db
 * and onAlarm (protected for apps, open to dorm's own features).
 */
export interface ObjectScope<Env> {
  readonly ctx: DurableObjectState;
  readonly env: Env;
  readonly db: Database;
  /** The subclass's `onAlarm`, for a feature that serves the alarm beside it (call it as a method). */
  onAlarm(info?: AlarmInvocationInfo): void | Promise<void>;
}

/**
 * What dorm's core asks of a feature that lives in the Durable Object
 * (WebSockets, schedules): its built-in migrations, and the entry points it
 * serves. `attach` runs in the object's constructor, before any event; the
 * handlers it returns become the object's own (a feature's `alarm` replaces
 * DurableApp's, and calls `onAlarm` itself). The core never imports a
 * feature, so an app without one bundles none of its code.
 */
export interface ObjectFeature<Env = unknown> {
  /** Built-in migrations the feature needs (its tables), applied before the app's. */
  readonly migrations: readonly MigrationFile[];
  attach(scope: ObjectScope<Env>): ObjectHandlers;
}
