// Names of everything this package writes into the backup directory. A
// backup is the set of files sharing one id; it exists only once its
// manifest does (the manifest is written last, see create/create-backup.ts).

/** The lock every writing command holds (see store/backup-lock.ts). */
export const LOCK_FILE = ".netraven-backup.lock";
/** The scheduler's state, read by `health`. */
export const STATE_FILE = ".netraven-backup-state.json";
/** Suffix of files still being written; they never count as anything. */
export const PARTIAL_SUFFIX = ".partial";

/** The kinds of files a backup consists of. */
export type ArtifactKind = "dump" | "dir" | "globals.sql" | "manifest.json" | "pin" | "verify.json";

const ARTIFACT = /^([A-Za-z0-9_]+-\d{8}T\d{9}Z(?:-\d+)?)\.(dump|dir|globals\.sql|manifest\.json|pin|verify\.json)(\.partial)?$/;

/** A file name in the backup directory that belongs to a backup. */
export interface ArtifactName {
  id: string;
  kind: ArtifactKind;
  partial: boolean;
}

/** Recognises our own files; anything else in the directory is left alone. */
export function parseArtifactName(name: string): ArtifactName | undefined {
  const match = ARTIFACT.exec(name);
  if (!match) return undefined;
  return { id: match[1]!, kind: match[2] as ArtifactKind, partial: match[3] !== undefined };
}

/** The file name of one artifact of a backup. */
export function artifactName(id: string, kind: ArtifactKind): string {
  return `${id}.${kind}`;
}

/**
 * A new backup id: the database name (reduced to [A-Za-z0-9_]) and the start
 * time in UTC to the millisecond, so ids sort by time for each database.
 */
export function newBackupId(database: string, startedAt: Date): string {
  const safe = database.replace(/[^A-Za-z0-9_]/g, "_") || "db";
  const stamp = startedAt.toISOString().replace(/[-:.]/g, "");
  return `${safe}-${stamp}`;
}

/** The start time encoded in a backup id, or undefined for ids of another shape. */
export function idStartedAt(id: string): Date | undefined {
  const match = /-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z(?:-\d+)?$/.exec(id);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, ms] = match;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
}
