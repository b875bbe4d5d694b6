import { HttpError, readJson, sql } from "../../../src/index.ts";
import type { AppContext } from "../../../src/index.ts";
import type { Env } from "./env.ts";
import { json, pageLimit } from "./http.ts";
import { publish } from "./live.ts";
import { forget, remind, reminderTime } from "./reminders.ts";

/** A note as the API returns it. */
export interface Note {
  id: number;
  title: string;
  body: string;
  created_at: string;
}

/** A page of `GET /notes`: `cursor` asks for the next page, `null` on the last. */
export interface NotesPage {
  notes: Note[];
  cursor: string | null;
}

const TITLE_MAX = 200;
/** Notes per page unless `?limit=` asks for fewer or more, and the most it may ask for. */
export const PAGE_DEFAULT = 20;
// A note is at most 64 KiB (the JSON body limit), so a page is at most about 3.2 MiB.
export const PAGE_MAX = 50;

/**
 * GET /notes?limit=&cursor=: a page of the tenant's notes, newest first.
 * Keyset paging on (tenant, id) (the id is AUTOINCREMENT: creation order), so a page costs
 * the same however deep it is and a note created meanwhile neither repeats
 * nor hides one; the cursor is the last id of the page, opaque to clients.
 */
export async function listNotes(request: Request, ctx: AppContext<Env>): Promise<Response> {
  const { limit, before } = pageOf(new URL(request.url).searchParams);
  const tenant = noteScope(ctx);
  // One row more than the page says whether another page follows.
  const rows = await ctx.db.all<Note>(
    sql`select id, title, body, created_at from notes
        where tenant = ${tenant} and id < ${before ?? Number.MAX_SAFE_INTEGER} order by id desc limit ${limit + 1}`,
  );
  const notes = rows.slice(0, limit);
  const page: NotesPage = { notes, cursor: rows.length > limit ? String(notes[notes.length - 1]!.id) : null };
  return json(page);
}

function pageOf(params: URLSearchParams): { limit: number; before: number | null } {
  return { limit: pageLimit(params, PAGE_DEFAULT, PAGE_MAX), before: cursorOf(params) };
}

// The last id of the previous page: one value, digits only, as pageLimit reads a limit.
function cursorOf(params: URLSearchParams): number | null {
  const values = params.getAll("cursor");
  if (values.length === 0) return null;
  if (values.length > 1 || !/^[1-9][0-9]{0,14}$/.test(values[0]!)) {
    throw new HttpError(400, "invalid_cursor", "cursor must be one a previous page returned");
  }
  return Number(values[0]);
}

/**
 * Which notes a request may see: in a tenant's own Durable Object every note
 * there is the tenant's (`''`); in D1 mode, one database for every tenant,
 * the tenant's name (migrations/0002_notes_tenant.sql). One SQL text serves both.
 */
function noteScope({ db, shard }: AppContext<Env>): string {
  return db.engine === "d1" ? shard : "";
}

/** POST /notes {title, body?, remind_at?}: 201 with the created row (and its remind_at). */
export async function createNote(request: Request, ctx: AppContext<Env>): Promise<Response> {
  const input = await readJson(request);
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new HttpError(400, "invalid_body", "the body must be a JSON object");
  }
  const { title, body = "", remind_at } = input as { title?: unknown; body?: unknown; remind_at?: unknown };
  if (title === undefined || title === null) {
    throw new HttpError(400, "missing_field", "title is required");
  }
  if (typeof title !== "string" || title.trim() === "" || title.length > TITLE_MAX) {
    throw new HttpError(400, "invalid_field", `title must be a non-empty string of at most ${TITLE_MAX} characters`);
  }
  if (typeof body !== "string") {
    throw new HttpError(400, "invalid_field", "body must be a string");
  }
  const at = reminderTime(remind_at, ctx);
  const insert = sql`insert into notes (tenant, title, body) values (${noteScope(ctx)}, ${title}, ${body}) returning id, title, body, created_at`;
  // With a reminder, note and schedule commit together: a refused time stores neither.
  const note = at === null
    ? (await ctx.db.first<Note>(insert))!
    : await ctx.db.transaction(async (db) => {
        const created = (await db.first<Note>(insert))!;
        await remind(ctx, created.id, at);
        return created;
      });
  publish(ctx, { type: "created", note });
  return json(at === null ? note : { ...note, remind_at: at.toISOString() }, 201);
}

/** GET /notes/:id */
export async function getNote(request: Request, ctx: AppContext<Env>): Promise<Response> {
  const id = noteId(request);
  const note = await ctx.db.first<Note>(sql`select id, title, body, created_at from notes where id = ${id} and tenant = ${noteScope(ctx)}`);
  if (!note) throw notFound(id);
  return json(note);
}

/** DELETE /notes/:id: 204, or 404 when there is no such note. */
export async function deleteNote(request: Request, ctx: AppContext<Env>): Promise<Response> {
  const id = noteId(request);
  const { changes } = await ctx.db.run(sql`delete from notes where id = ${id} and tenant = ${noteScope(ctx)}`);
  if (changes === 0) throw notFound(id);
  await forget(ctx, id);
  publish(ctx, { type: "deleted", id });
  return new Response(null, { status: 204 });
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
