/** A duration for a person, in its largest sensible unit: "45 s", "12 min", "3 h", "2 d". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}

/** "3 h ago" (or "in 5 min" for a clock ahead of ours). */
export function formatAge(then: Date, now: Date): string {
  const seconds = (now.getTime() - then.getTime()) / 1000;
  return seconds >= 0 ? `${formatDuration(seconds)} ago` : `in ${formatDuration(-seconds)}`;
}
