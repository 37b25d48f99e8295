import type { ExitCodeRow } from "@netraven/runtime";

/**
 * The exit codes only netraven-backup uses, added to the one shared table of
 * @netraven/runtime (in --help and docs/backup.md): `health`'s verdicts, in
 * the 10-19 room the table leaves for status results.
 */
export const BACKUP_EXIT_CODE_ROWS: readonly ExitCodeRow[] = Object.freeze([
  { code: 10, name: "HEALTH_NO_BACKUP", meaning: "health: no verified backup recorded yet" },
  { code: 11, name: "HEALTH_STALE", meaning: "health: the last verified backup is older than BACKUP_HEALTH_MAX_AGE_HOURS" },
  { code: 12, name: "HEALTH_TOO_SMALL", meaning: "health: the last verified backup is smaller than BACKUP_HEALTH_MIN_BYTES" },
]);
