import { createHash } from "node:crypto";

import type { Queryable, SchemaManifest } from "@netraven/db-schema/core";

import { historyTable, literal } from "../migrate/history-table.js";

const MARKER_PREFIX = "schema-init: catalog matched the manifest; fingerprint ";

// A digest of the identity and version (xmin) of every catalog row validation
// reads: no deparsing, which is what makes a full comparison cost tens of
// milliseconds in a new session for a few hundred tables. Any DDL writes new
// row versions, so a change anywhere changes the digest; VACUUM and ANALYZE
// update pg_class in place and leave it alone. Triggers count on their own
// rows: DROP TRIGGER and ALTER TABLE ... DISABLE TRIGGER write no pg_class
// row. User-defined types count too: renaming an enum changes what a column's
// type reads as. The sum of per-row hashes does not depend on the order rows
// come in, so nothing is sorted.
const FINGERPRINT_SQL = `
WITH rel AS MATERIALIZED (
  SELECT c.oid, c.xmin FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'i')
), att AS MATERIALIZED (
  SELECT a.attrelid, a.attnum, a.atttypid, a.xmin FROM pg_attribute a JOIN rel ON rel.oid = a.attrelid WHERE a.attnum > 0
), part(h) AS (
  SELECT hashtext('c' || oid || ':' || xmin) FROM rel
  UNION ALL SELECT hashtext('a' || attrelid || ':' || attnum || ':' || xmin) FROM att
  UNION ALL SELECT hashtext('t' || t.oid || ':' || t.xmin) FROM pg_type t WHERE t.oid >= 16384 AND t.oid IN (SELECT atttypid FROM att)
  UNION ALL SELECT hashtext('d' || d.oid || ':' || d.xmin) FROM pg_attrdef d JOIN rel ON rel.oid = d.adrelid
  UNION ALL SELECT hashtext('k' || k.oid || ':' || k.xmin || ':' || coalesce(r.xmin::text, '')) FROM pg_constraint k JOIN rel ON rel.oid = k.conrelid LEFT JOIN pg_class r ON r.oid = k.confrelid
  UNION ALL SELECT hashtext('x' || x.indexrelid || ':' || x.xmin) FROM pg_index x JOIN rel ON rel.oid = x.indexrelid
  UNION ALL SELECT hashtext('g' || g.oid || ':' || g.xmin) FROM pg_trigger g JOIN rel ON rel.oid = g.tgrelid WHERE NOT g.tgisinternal
)
SELECT count(*) || ':' || sum(h::bigint) || ':' || sum((h::bigint * 2654435761) % 4294967296) AS fingerprint,
       obj_description(to_regclass($2), 'pg_class') AS marker
FROM part`;

const manifestDigests = new WeakMap<SchemaManifest, string>();

/** Records the digest of a manifest's file, so the marker need not serialise a parsed one again. */
export function setManifestDigest(manifest: SchemaManifest, digest: string): void {
  manifestDigests.set(manifest, digest);
}

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
export async function catalogUnchangedSinceValidated(db: Queryable, schema: string, manifest: SchemaManifest, known?: CatalogState): Promise<{ unchanged: boolean; fingerprint: string }> {
  const state = known ?? (await db.query<CatalogState>(FINGERPRINT_SQL, [schema, historyTable(schema)])).rows[0];
  const fingerprint = state?.fingerprint ?? "";
  return { unchanged: state?.marker === markerFor(manifest, fingerprint), fingerprint };
}

/** The catalog's fingerprint and the marker left on it, as {@link catalogStateSql} reads them. */
export interface CatalogState {
  fingerprint: string;
  marker: string | null;
}

/** The fingerprint query without parameters, so it can share one message with other statements. */
export const catalogStateSql = (schema: string): string => FINGERPRINT_SQL.replace("$1", () => literal(schema)).replace("$2", () => literal(historyTable(schema)));

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
