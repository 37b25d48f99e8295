/** Kinds of difference between the database and the schema manifest. */
export type ProblemKind =
  | "missing_table"
  | "extra_table"
  | "missing_column"
  | "extra_column"
  | "column_type"
  | "column_nullability"
  | "column_default"
  | "missing_primary_key"
  | "primary_key_differs"
  | "missing_foreign_key"
  | "foreign_key_differs"
  | "extra_foreign_key"
  | "missing_index"
  | "index_differs"
  | "invalid_index"
  | "extra_index"
  | "missing_trigger"
  | "trigger_differs"
  | "disabled_trigger"
  | "extra_trigger";

/** One difference. "error": the application may break; "warning": extra objects the schema does not know. */
export interface SchemaProblem {
  kind: ProblemKind;
  severity: "error" | "warning";
  table: string;
  /** Column, key, index or trigger name. */
  name?: string;
  expected?: string;
  actual?: string;
  message: string;
}

/** Result of validating a database against the schema (read-only). */
export interface ValidationReport {
  /** True when nothing is pending or failed and no error-level problem exists. */
  ok: boolean;
  /**
   * True when the database has no NetRaven schema yet: no `_prisma_migrations` and none of the manifest's tables
   * (`up` never ran). `problems` is then empty and `repairSql` "": the fix is `schema-init up`.
   */
  schemaMissing: boolean;
  /** True when the catalog differs from the manifest in any way (extras included). */
  drift: boolean;
  /** Migration the manifest describes. */
  expectedMigration: string;
  pendingMigrations: string[];
  failedMigrations: string[];
  problems: SchemaProblem[];
  /**
   * SQL that would repair the errors ("" when there are none). Warnings (extra tables, columns, keys, indexes,
   * triggers) are never dropped or altered: they are listed as comments only.
   */
  repairSql: string;
}
