/**
 * Parses a compose `.env` file: `KEY=value` lines, `#` comments, optional
 * single or double quotes; an unquoted value ends at ` #`. Returns the entries
 * in file order.
 */
export function parseEnvFile(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new Error(`.env line ${index + 1}: expected KEY=value, got ${JSON.stringify(line)}.`);
    const [, key = "", rest = ""] = match;
    const quoted = /^(["'])(.*)\1$/.exec(rest);
    entries.set(key, quoted ? (quoted[2] ?? "") : rest.replace(/\s+#.*$/, "").trim());
  }
  return entries;
}
