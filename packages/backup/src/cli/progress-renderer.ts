import cliProgress from "cli-progress";

import type { Progress } from "../progress/table-progress.js";
import { formatBytes } from "../store/preflight.js";

/** `83` (s) -> `01:23`; hours appear when needed. */
export function formatElapsed(ms: number): string {
  const total = Math.floor(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** The words around the bar, for people. */
export function progressPayload(p: Progress): Record<string, string> {
  return {
    phase: p.phase,
    amount: p.totalBytes === null ? formatBytes(p.doneBytes) : `${formatBytes(p.doneBytes)}/${formatBytes(p.totalBytes)}`,
    rate: `${formatBytes(p.bytesPerSecond)}/s`,
    etaText: p.etaSeconds === null ? "--:--" : formatElapsed(p.etaSeconds * 1000),
    table: p.table ?? "",
  };
}

/** How progress reaches the person or program running the CLI ("none": not at all, so a piped or cron-run command prints only what it did). */
export type ProgressMode = "bar" | "json" | "none";

/** A cli-progress bar on a terminal; one JSON object per sample (one a second) with --json or LOG_FORMAT=json. */
export function createProgressRenderer(stream: { write(chunk: string): unknown }, mode: Exclude<ProgressMode, "none">): (p: Progress) => void {
  if (mode === "json") return (p) => stream.write(`${JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "progress", ...p })}\n`);
  let bar: cliProgress.SingleBar | undefined;
  let phase: string | undefined;
  return (p) => {
    if (!bar || phase !== p.phase) {
      bar?.stop();
      phase = p.phase;
      bar = new cliProgress.SingleBar(
        // "bar" is chosen only when stderr is a terminal, which is a real stream.
        { stream: stream as NodeJS.WritableStream, format: "{phase} {bar} {percentage}% | {amount} | {rate} | ETA {etaText} | {table}", hideCursor: false, clearOnComplete: false, fps: 4 },
        cliProgress.Presets.shades_classic,
      );
      bar.start(100, 0, progressPayload(p));
    }
    bar.update(p.percent ?? 0, progressPayload(p));
    if (p.done) {
      bar.stop();
      bar = undefined;
    }
  };
}
