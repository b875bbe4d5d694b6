-- Migration number: 0002
-- The tenant a note belongs to. In Durable Object mode each tenant has a
-- database of its own and every note says '' (the object's own); in D1 mode
-- every tenant shares one database, and this column keeps each tenant's notes
-- its own (examples/notes/src/notes.ts, noteScope). D1 rows written before
-- this migration say '' and belong to no tenant there.
ALTER TABLE notes ADD COLUMN tenant TEXT NOT NULL DEFAULT '';

-- GET /notes pages by id within a tenant (WHERE tenant = ? AND id < ? ORDER BY id DESC).
CREATE INDEX notes_tenant_id ON notes (tenant, id);
