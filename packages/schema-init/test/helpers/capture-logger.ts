import type { Logger } from "@netraven/runtime";
import { createLogger } from "@netraven/runtime";

/** A logger that keeps its lines, so tests can assert on them (and on what they must never hold). */
export function captureLogger(): Logger & { text(): string } {
  const lines: string[] = [];
  const logger = createLogger({ format: "json", level: "debug", stream: { write: (line: string) => lines.push(line) } });
  return Object.assign(logger, { text: () => lines.join("") });
}
