import { environmentOf, volumesOf } from "../compose/normalise-service.js";
import type { ComposeFile } from "../compose/types.js";

/** Where backups live: a named volume written by the backup service only. */
export const BACKUP_VOLUME = { volume: "backups", service: "backup" } as const;

/**
 * The backup volume is a named volume (not a bind mount), mounted read-write
 * where the backup service writes (its BACKUP_DIR), and read-only or absent
 * everywhere else. The original bind-mounted ./backups into postgres.
 */
export function checkBackupVolume(compose: ComposeFile): string[] {
  const problems: string[] = [];
  const { volume, service: owner } = BACKUP_VOLUME;
  if (!compose.volumes || !(volume in compose.volumes)) problems.push(`The named volume "${volume}" is not declared under volumes:.`);
  const backup = compose.services[owner];
  if (!backup) return [...problems, `There is no ${owner} service.`];
  const backupDir = environmentOf(backup).BACKUP_DIR;
  const mount = volumesOf(backup).find((m) => m.type === "volume" && m.source === volume);
  if (!mount) problems.push(`${owner} does not mount the "${volume}" volume.`);
  else if (mount.target !== backupDir) problems.push(`${owner} mounts "${volume}" at ${mount.target} but writes to BACKUP_DIR=${backupDir ?? "(unset)"}.`);
  else if (mount.read_only) problems.push(`${owner} mounts "${volume}" read-only: it cannot write backups.`);
  for (const [name, service] of Object.entries(compose.services)) {
    for (const m of volumesOf(service)) {
      if (m.type === "bind" && (m.target === backupDir || m.target === "/backups")) {
        problems.push(`${name} bind-mounts ${m.source} at ${m.target}: backups belong in the "${volume}" named volume.`);
      }
      if (name !== owner && m.source === volume && !m.read_only) {
        problems.push(`${name} mounts the "${volume}" volume read-write; only ${owner} may write backups.`);
      }
    }
  }
  return problems;
}
