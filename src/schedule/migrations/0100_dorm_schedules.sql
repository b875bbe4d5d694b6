-- Built-in migration numbers are shared by all of dorm's features, which an
-- app may mount together: the users table (dorm/access) owns 0001–0099, the
-- schedules 0100–0199, so two features never give one number twice and
-- always apply in the same order.
-- dorm/schedule's tasks, one row per schedule. A one-off row is deleted when
-- its task succeeds; a row whose last attempt failed stays, status 'failed'.
-- AUTOINCREMENT: a replaced key gets a new id, never a reused one, so a task
-- that finishes after its row was replaced cannot touch the replacement.
CREATE TABLE dorm_schedules (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  key          TEXT,
  task         TEXT NOT NULL,
  payload      TEXT NOT NULL,
  cron         TEXT,
  run_at       INTEGER NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'failed')),
  last_error   TEXT,
  shard        TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);
-- Partial: only pending schedules are looked up by time (the alarm, the due ones).
CREATE INDEX dorm_schedules_due ON dorm_schedules (run_at) WHERE status = 'pending';
-- Partial: schedules without a key (most) write no entry here.
CREATE UNIQUE INDEX dorm_schedules_key ON dorm_schedules (key) WHERE key IS NOT NULL;

-- The scheduler's own notes: 'tasks', the task names declared when the
-- object last checked its schedules, so a start checks again only after a
-- deploy changed them (a wake-up from hibernation costs one lookup).
CREATE TABLE dorm_schedule_meta (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
