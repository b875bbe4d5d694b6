import { DurableApp } from "../../../src/index.ts";
import { notesApp } from "./app.ts";
import type { Env } from "./env.ts";

/** One object per tenant, holding that tenant's notes in its SQLite storage. */
export class NotesApp extends DurableApp<Env> {
  static override app = notesApp;
}
