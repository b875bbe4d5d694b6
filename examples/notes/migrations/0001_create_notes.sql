-- Migration number: 0001
-- The demo's notes. Apply with `wrangler d1 migrations apply DB` (D1 mode) or
-- let dorm apply it (Durable Object mode); both record it in d1_migrations.
CREATE TABLE notes (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  title      TEXT NOT NULL,
  body       TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- GET /notes lists newest first (ORDER BY created_at DESC, id DESC); the index
-- carries the rowid (= id), so it serves that order without a sort.
CREATE INDEX notes_created_at ON notes (created_at);
