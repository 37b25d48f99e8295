import { redactSecrets } from "@netraven/runtime";

const MAX_CHARS = 500;
// Any URL (a connection string, even with its password masked) becomes host[:port]/database.
const URL = /\b[a-z][a-z0-9+.-]*:\/\/(?:[^@\s/]*@)?([^\s/?#]+)(\/[^\s?#]*)?\S*/gi;

/** One line for a person, as `backup_runs.message` stores it: no connection string, no password, bounded. */
export function historyMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = redactSecrets(text.split("\n").find((l) => l.trim() !== "") ?? text).replace(URL, "$1$2").trim();
  return line.length > MAX_CHARS ? `${line.slice(0, MAX_CHARS - 3)}...` : line;
}
