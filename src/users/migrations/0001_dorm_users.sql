-- dorm built-in: the people who signed in through Cloudflare Access (design
-- part 6). The runtime creates or updates a row on each verified request;
-- apps may read it. Booleans are 0/1 because SQLite has no boolean type;
-- times are ISO-8601 UTC text, as dorm writes them.
CREATE TABLE dorm_users (
  id           INTEGER PRIMARY KEY,
  email        TEXT UNIQUE NOT NULL,
  username     TEXT NOT NULL,
  first_name   TEXT NOT NULL DEFAULT '',
  last_name    TEXT NOT NULL DEFAULT '',
  is_active    INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  is_staff     INTEGER NOT NULL DEFAULT 0 CHECK (is_staff IN (0, 1)),
  is_superuser INTEGER NOT NULL DEFAULT 0 CHECK (is_superuser IN (0, 1)),
  last_login   TEXT,
  date_joined  TEXT NOT NULL
);
