import { IttyRouter } from "itty-router";
import type { IRequest } from "itty-router";
import { defineApp, HttpError } from "../../../src/index.ts";
import type { AppContext } from "../../../src/index.ts";
import { adminApi } from "../../../src/admin/index.ts";
import { migrations } from "../migrations/manifest.ts";
import type { Env } from "./env.ts";
import { me, notesAccess } from "./access.ts";
import { json, methodNotAllowed } from "./http.ts";
import { filesRoute, tenantFiles } from "./files.ts";
import { addMember, listMembers } from "./members.ts";
import { createNote, deleteNote, getNote, listNotes } from "./notes.ts";
import { liveNotes, noteSockets } from "./live.ts";
import { noteSchedule } from "./reminders.ts";

// IttyRouter, not Router: the demo uses no before/after/catch stages, and it
// is the smaller of the two (~0.1 KiB gzip), as fast or faster (bench "parts").
const router = IttyRouter<IRequest, [AppContext<Env>]>();

router
  .get("/health", () => json({ ok: true }))
  .all("/health", methodNotAllowed(["GET"]))
  .get("/me", me)
  .all("/me", methodNotAllowed(["GET"]))
  .get("/notes", listNotes)
  .post("/notes", createNote)
  .all("/notes", methodNotAllowed(["GET", "POST"]))
  .get("/notes/live", liveNotes)
  .all("/notes/live", methodNotAllowed(["GET"]))
  .get("/notes/:id", getNote)
  .delete("/notes/:id", deleteNote)
  .all("/notes/:id", methodNotAllowed(["GET", "DELETE"]))
  .post("/members", addMember)
  .get("/members", listMembers)
  .all("/members", methodNotAllowed(["GET", "POST"]))
  .all("/files", filesRoute)
  .all("/files/*", filesRoute)
  .all("*", (request) => {
    throw new HttpError(404, "not_found", `no route for ${new URL(request.url).pathname}`);
  });

/** The notes demo: one definition, run in a Durable Object or (D1 mode) in the router. */
export const notesApp = defineApp<Env>({
  fetch: router,
  migrations,
  files: tenantFiles,
  access: notesAccess,
  admin: adminApi(),
  sockets: noteSockets,
  schedule: noteSchedule,
});
