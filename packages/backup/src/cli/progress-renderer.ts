import type { Progress } from "../progress/watch-progress.js";
import { formatBytes } from "../store/preflight.js";

/** `83` (s) -> `01:23`; hours appear when needed. */
export function formatElapsed(ms: number): string {
  const total = Math.floor(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** One progress line for people. */
export function formatProgress(p: Progress): string {
  return `${p.phase} ${formatBytes(p.bytes)}  ${formatBytes(p.bytesPerSecond)}/s  ${formatElapsed(p.elapsedMs)}`;
}

/**
 * On a terminal: one line rewritten in place. Elsewhere (logs, containers):
 * one JSON object per sample, which log shippers parse without help.
 */
export function createProgressRenderer(stream: { write(chunk: string): unknown }, tty: boolean): (p: Progress) => void {
  if (tty) return (p) => stream.write(`\r\x1b[2K${formatProgress(p)}${p.done ? "\n" : ""}`);
  return (p) => stream.write(`${JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "progress", ...p })}\n`);
}
