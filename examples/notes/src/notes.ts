import { HttpError, readJson, sql } from "../../../src/index.ts";
import type { AppContext, Database } from "../../../src/index.ts";
import type { Env } from "./env.ts";
import { json } from "./http.ts";

/** A note as the API returns it. */
export interface Note {
  id: number;
  title: string;
  body: string;
  created_at: string;
}

const TITLE_MAX = 200;

/** GET /notes: every note of the tenant, newest first. */
export async function listNotes(_request: Request, { db }: AppContext<Env>): Promise<Response> {
  return json(await db.all<Note>(sql`select id, title, body, created_at from notes order by created_at desc, id desc`));
}

/** POST /notes {title, body?}: 201 with the created row. */
export async function createNote(request: Request, { db }: AppContext<Env>): Promise<Response> {
  const input = await readJson(request);
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new HttpError(400, "invalid_body", "the body must be a JSON object");
  }
  const { title, body = "" } = input as { title?: unknown; body?: unknown };
  if (title === undefined || title === null) {
    throw new HttpError(400, "missing_field", "title is required");
  }
  if (typeof title !== "string" || title.trim() === "" || title.length > TITLE_MAX) {
    throw new HttpError(400, "invalid_field", `title must be a non-empty string of at most ${TITLE_MAX} characters`);
  }
  if (typeof body !== "string") {
    throw new HttpError(400, "invalid_field", "body must be a string");
  }
  const note = await db.first<Note>(
    sql`insert into notes (title, body) values (${title}, ${body}) returning id, title, body, created_at`,
  );
  return json(note, 201);
}

/** GET /notes/:id */
export async function getNote(request: Request, { db }: AppContext<Env>): Promise<Response> {
  return json(await findNote(db, noteId(request)));
}

/** DELETE /notes/:id: 204, or 404 when there is no such note. */
export async function deleteNote(request: Request, { db }: AppContext<Env>): Promise<Response> {
  const id = noteId(request);
  const { changes } = await db.run(sql`delete from notes where id = ${id}`);
  if (changes === 0) throw notFound(id);
  return new Response(null, { status: 204 });
}

async function findNote(db: Database, id: number): Promise<Note> {
  const note = await db.first<Note>(sql`select id, title, body, created_at from notes where id = ${id}`);
  if (!note) throw notFound(id);
  return note;
}

// itty-router puts path parameters on the request it hands to handlers.
function noteId(request: Request): number {
  const raw = (request as Request & { params?: Record<string, string> }).params?.id ?? "";
  const id = /^[0-9]{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new HttpError(400, "invalid_id", "the note id must be a positive integer");
  }
  return id;
}

function notFound(id: number): HttpError {
  return new HttpError(404, "not_found", `note ${id} does not exist`);
}
