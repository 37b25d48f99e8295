import { createHash } from "node:crypto";

import type { Queryable, SchemaManifest } from "@netraven/db-schema/core";

import { historyTable } from "../migrate/history-table.js";

const MARKER_PREFIX = "schema-init: catalog matched the manifest; fingerprint ";

// A digest of every catalog row validation reads, in raw form (no deparsing,
// which is what makes a full comparison cost tens of milliseconds in a new
// session for a few hundred tables). xmin is part of each row: any DDL
// writes a new row version, so a change anywhere changes the digest. VACUUM
// and ANALYZE update pg_class in place and leave it alone.
const FINGERPRINT_SQL = `
WITH rel AS MATERIALIZED (
  SELECT c.oid, c.relname, c.relkind, c.xmin::text AS x FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'i')
)
SELECT md5(concat_ws('|',
  (SELECT string_agg(concat_ws(',', oid, relname, relkind, x), ';' ORDER BY oid) FROM rel),
  (SELECT string_agg(concat_ws(',', a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull, a.attisdropped, a.xmin), ';' ORDER BY a.attrelid, a.attnum)
     FROM pg_attribute a JOIN rel ON rel.oid = a.attrelid WHERE a.attnum > 0),
  (SELECT string_agg(concat_ws(',', d.oid, d.xmin), ';' ORDER BY d.oid) FROM pg_attrdef d JOIN rel ON rel.oid = d.adrelid),
  (SELECT string_agg(concat_ws(',', k.oid, k.xmin, r.relname, r.xmin), ';' ORDER BY k.oid)
     FROM pg_constraint k JOIN rel ON rel.oid = k.conrelid LEFT JOIN pg_class r ON r.oid = k.confrelid),
  (SELECT string_agg(concat_ws(',', x.indexrelid, x.xmin, x.indisvalid, x.indisready), ';' ORDER BY x.indexrelid) FROM pg_index x JOIN rel ON rel.oid = x.indexrelid)
)) AS fingerprint, obj_description(to_regclass($2), 'pg_class') AS marker`;

const manifestDigests = new WeakMap<SchemaManifest, string>();
function manifestDigest(manifest: SchemaManifest): string {
  let digest = manifestDigests.get(manifest);
  if (!digest) {
    digest = createHash("sha256").update(JSON.stringify(manifest.tables)).digest("hex");
    manifestDigests.set(manifest, digest);
  }
  return digest;
}

/** The marker text for this manifest and catalog state. */
const markerFor = (manifest: SchemaManifest, fingerprint: string) => `${MARKER_PREFIX}${createHash("sha256").update(`${manifestDigest(manifest)}:${fingerprint}`).digest("hex")}`;

/**
 * True when the last `up` that found the catalog identical to this manifest
 * left a marker that still matches the catalog: nothing validation reads has
 * changed since, so comparing again would find nothing. One round trip, a few
 * milliseconds whatever the number of tables. Read-only.
 */
export async function catalogUnchangedSinceValidated(db: Queryable, schema: string, manifest: SchemaManifest): Promise<{ unchanged: boolean; fingerprint: string }> {
  const { rows } = await db.query<{ fingerprint: string; marker: string | null }>(FINGERPRINT_SQL, [schema, historyTable(schema)]);
  const fingerprint = rows[0]?.fingerprint ?? "";
  return { unchanged: rows[0]?.marker === markerFor(manifest, fingerprint), fingerprint };
}

/**
 * Remembers, as the comment of `_prisma_migrations`, that the catalog with
 * this fingerprint matched this manifest exactly (no problem of any kind).
 * A comment lives in pg_description, outside the fingerprint, and neither
 * Prisma nor we read it for anything else. Best effort: a role that may not
 * comment on the table just validates in full every time.
 */
export async function rememberValidated(db: Queryable, schema: string, manifest: SchemaManifest, fingerprint: string): Promise<void> {
  await db.query(`COMMENT ON TABLE ${historyTable(schema)} IS '${markerFor(manifest, fingerprint)}'`).catch(() => undefined);
}
