/**
 * How far past the local clock a backup's start may lie before it counts as
 * future-dated: more than NTP-level skew, far less than a wrong year or time
 * zone. Such a backup is listed with a flag, is never "latest" and never
 * makes retention delete anything (docs/backup.md).
 */
export const FUTURE_TOLERANCE_MINUTES = 10;

/** True when `startedAt` lies more than {@link FUTURE_TOLERANCE_MINUTES} after `now`. */
export function isFutureDated(startedAt: Date | string, now: Date = new Date()): boolean {
  return new Date(startedAt).getTime() > now.getTime() + FUTURE_TOLERANCE_MINUTES * 60_000;
}
