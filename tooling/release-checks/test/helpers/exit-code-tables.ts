/** One row as --help and the docs show it (the docs also name it). */
export interface ShownRow {
  code: number;
  meaning: string;
}

/**
 * The rows of the "Exit codes:" block of a --help text, as the runtime's
 * formatExitCodeTable prints them: `  <code> <meaning>`, one row a line, the
 * block ending at the first line that is not a row.
 */
export function helpExitCodeRows(help: string): ShownRow[] {
  const lines = help.split("\n");
  const start = lines.findIndex((line) => line.trim() === "Exit codes:");
  if (start === -1) return [];
  const rows: ShownRow[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^\s+(\d+)\s+(\S.*)$/.exec(line);
    if (!match) break;
    rows.push({ code: Number(match[1]), meaning: match[2]!.trim() });
  }
  return rows;
}

/** The sections of a Markdown page by `## ` heading (text up to the next `## `). */
export function markdownSections(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const part of markdown.split(/^## /m).slice(1)) {
    const newline = part.indexOf("\n");
    sections.set(part.slice(0, newline).trim(), part.slice(newline + 1));
  }
  return sections;
}

/** The rows of the `| Exit | Name | Meaning |` tables in a Markdown text (escaped pipes restored). */
export function markdownExitCodeRows(markdown: string): ShownRow[] {
  return markdown.split("\n").flatMap((line) => {
    const match = /^\| (\d+) \| `[A-Z0-9_]+` \| (.*) \|$/.exec(line);
    return match ? [{ code: Number(match[1]), meaning: match[2]!.replaceAll("\\|", "|") }] : [];
  });
}
