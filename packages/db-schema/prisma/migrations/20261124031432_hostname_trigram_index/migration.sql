-- The API's "hostname contains" filter (ILIKE '%...%') can use no b-tree index;
-- a trigram GIN index serves it. pg_trgm is created here rather than declared in
-- schema.prisma: the postgresqlExtensions preview makes the wasm engine's diff
-- report the extension as missing forever. pg_trgm is a trusted extension
-- (PostgreSQL 13+), so a database owner without superuser may create it.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "devices_hostname_trgm_idx" ON "devices" USING GIN ("hostname" gin_trgm_ops);
