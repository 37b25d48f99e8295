/** A column as the database must have it. */
export interface ColumnSpec {
  name: string;
  /** `format_type()` output, e.g. `character varying(255)`, `timestamp(6) with time zone`. */
  type: string;
  nullable: boolean;
  /** `pg_get_expr()` of the default, or null. */
  default: string | null;
}

/** A primary or foreign key. */
export interface PrimaryKeySpec {
  name: string;
  columns: string[];
}

export type ReferentialAction = "CASCADE" | "SET NULL" | "SET DEFAULT" | "RESTRICT" | "NO ACTION";

export interface ForeignKeySpec {
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

/** A secondary index (unique ones included; the primary key's index is not). */
export interface IndexSpec {
  name: string;
  unique: boolean;
  /** `pg_get_indexdef()` with the schema qualifier removed. */
  definition: string;
  /**
   * Set by introspection, only on an index PostgreSQL marks INVALID (an
   * interrupted CREATE INDEX CONCURRENTLY or REINDEX leaves one): queries do not
   * use it. Never part of a manifest.
   */
  invalid?: true;
}

/** A user trigger (not one PostgreSQL creates internally for a foreign key). */
export interface TriggerSpec {
  name: string;
  /**
   * `pg_get_triggerdef()` with the schema qualifier removed after ` ON ` and
   * after `EXECUTE FUNCTION ` (PostgreSQL qualifies the function when its
   * schema is not on the search_path).
   */
  definition: string;
  /**
   * Set by introspection, only on a trigger that does not fire in a normal
   * session: disabled (`ALTER TABLE ... DISABLE TRIGGER`, `tgenabled` 'D') or
   * set to fire in replica mode only (`ENABLE REPLICA TRIGGER`, 'R'). Never
   * part of a manifest.
   */
  disabled?: true;
}

export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  primaryKey: PrimaryKeySpec | null;
  foreignKeys: ForeignKeySpec[];
  indexes: IndexSpec[];
  /** User triggers on the table. A manifest written before triggers were listed has none: read as []. */
  triggers: TriggerSpec[];
}

/**
 * What the NetRaven schema requires of a database: every table, column, key,
 * index and trigger, in catalog terms. Generated from a database built by the
 * committed migrations (`migration:new` / `migration:check`), so it is exactly
 * what `prisma migrate deploy` or schema-init produce.
 */
export interface SchemaManifest {
  formatVersion: 1;
  /** Name of the newest migration the manifest was built from. */
  latestMigration: string;
  /** Every migration name, in order. */
  migrations: string[];
  tables: TableSpec[];
}
