// The committed manifests: the users table (Access's built-in) and the demo's migrations.
import { describe, expect, it } from "vitest";
import { migrations as notesMigrations } from "../../../examples/notes/migrations/manifest.ts";
import { defineMigrations } from "../../../src/migrations/index.ts";
import { migrations as usersMigrations } from "../../../src/users/migrations/manifest.ts";
import { migrations as scheduleMigrations } from "../../../src/schedule/migrations/manifest.ts";
import { notesApp } from "../../../examples/notes/src/app.ts";
import { engines } from "./engines.ts";

describe("committed migrations", () => {
  it("are valid and hold the expected files", () => {
    const set = notesApp.migrations;
    // Access's users table, then the scheduler's table (its reminders).
    expect(set.builtin.map((m) => m.name)).toEqual(["0001_dorm_users.sql", "0100_dorm_schedules.sql"]);
    expect(set.app.map((m) => m.name)).toEqual(["0001_create_notes.sql", "0002_notes_tenant.sql"]);
    expect(set.builtin).toEqual([...usersMigrations, ...scheduleMigrations]);
    expect(set.app).toEqual(notesMigrations);
  });

  describe.each(engines)("on $name", (engine) => {
    it("create dorm_users and notes with the designed columns", async () => {
      const target = await engine.fresh();
      const applied = await target.apply(defineMigrations({ app: notesMigrations, builtin: usersMigrations }));
      expect(applied).toEqual([
        { kind: "builtin", name: "0001_dorm_users.sql" },
        { kind: "app", name: "0001_create_notes.sql" },
        { kind: "app", name: "0002_notes_tenant.sql" },
      ]);
      const columns = async (table: string) =>
        (await target.all(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('${table}')`)).map(
          (c) => `${c.name} ${c.type}${c.notnull ? " NOT NULL" : ""}${c.dflt_value === null ? "" : ` DEFAULT ${c.dflt_value}`}${c.pk ? " PK" : ""}`,
        );
      expect(await columns("dorm_users")).toEqual([
        "id INTEGER PK",
        "email TEXT NOT NULL",
        "username TEXT NOT NULL",
        "first_name TEXT NOT NULL DEFAULT ''",
        "last_name TEXT NOT NULL DEFAULT ''",
        "is_active INTEGER NOT NULL DEFAULT 1",
        "is_staff INTEGER NOT NULL DEFAULT 0",
        "is_superuser INTEGER NOT NULL DEFAULT 0",
        "last_login TEXT",
        "date_joined TEXT NOT NULL",
      ]);
      expect(await columns("notes")).toEqual([
        "id INTEGER PK",
        "title TEXT NOT NULL",
        "body TEXT NOT NULL DEFAULT ''",
        "created_at TEXT NOT NULL DEFAULT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        "tenant TEXT NOT NULL DEFAULT ''",
      ]);

      await target.all(
        "INSERT INTO dorm_users (email, username, date_joined) VALUES ('a@example.com', 'a@example.com', '2025-01-01T00:00:00.000Z')",
      );
      await expect(
        target.all("INSERT INTO dorm_users (email, username, date_joined) VALUES ('a@example.com', 'x', 'y')"),
      ).rejects.toThrow(/UNIQUE constraint failed: dorm_users.email/);
      await expect(
        target.all("INSERT INTO dorm_users (email, username, date_joined, is_staff) VALUES ('b@example.com', 'b', 'y', 2)"),
      ).rejects.toThrow(/CHECK constraint failed/);

      await target.all("INSERT INTO notes (title) VALUES ('hello')");
      const [note] = await target.all("SELECT id, title, body, created_at FROM notes");
      expect(note).toMatchObject({ id: 1, title: "hello", body: "" });
      expect(note?.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const plan = await target.all("EXPLAIN QUERY PLAN SELECT * FROM notes ORDER BY created_at DESC, id DESC");
      expect(plan.map((row) => String(row.detail)).join("\n")).toContain("notes_created_at");
      // GET /notes: a page of one tenant's notes by id, from the (tenant, id) index without a sort.
      const page = await target.all("EXPLAIN QUERY PLAN SELECT id FROM notes WHERE tenant = 'a' AND id < 100 ORDER BY id DESC LIMIT 21");
      const pagePlan = page.map((row) => String(row.detail)).join("\n");
      expect(pagePlan).toContain("notes_tenant_id");
      expect(pagePlan).not.toContain("TEMP B-TREE");
    });
  });
});
