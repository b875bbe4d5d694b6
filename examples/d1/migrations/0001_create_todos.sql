-- Migration number: 0001
-- Apply with `npx wrangler d1 migrations apply DB` (add --local for dev) or
-- `npx dorm migrate`; both record it in d1_migrations.
CREATE TABLE todos (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  text       TEXT NOT NULL,
  done       INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
