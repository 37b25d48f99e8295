import { MigrationFailedError } from "../errors.js";

/** The one directive: run this migration alone, outside a transaction. */
export const NO_TRANSACTION_DIRECTIVE = "-- schema-init: no-transaction";

const DIRECTIVE_LINE = /^\s*--\s*schema-init:\s*(.*?)\s*$/;

/**
 * Reads the `-- schema-init: ...` directives of a migration. They belong in the
 * comment lines above the first statement; one anywhere else, or one we do not
 * know (a typo would silently run the file in a transaction), is refused.
 */
export function readDirectives(name: string, sql: string): { noTransaction: boolean } {
  let header = true;
  let noTransaction = false;
  // Every directive line contains this text; most scripts have none and need no line-by-line look.
  if (!sql.includes("schema-init:")) return { noTransaction };
  const lines = sql.split("\n");
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    const match = DIRECTIVE_LINE.exec(line);
    if (match) {
      const where = `line ${index + 1} of ${name}/migration.sql`;
      if (match[1] !== "no-transaction") {
        throw new MigrationFailedError(`Unknown directive "${trimmed}" at ${where}: the only one is \`${NO_TRANSACTION_DIRECTIVE}\`.`, { context: { migration: name, line: index + 1, refused: true } });
      }
      if (!header) {
        throw new MigrationFailedError(`The directive at ${where} comes after the first statement: move \`${NO_TRANSACTION_DIRECTIVE}\` to the top of the file.`, { context: { migration: name, line: index + 1, refused: true } });
      }
      noTransaction = true;
    } else if (trimmed !== "" && !trimmed.startsWith("--")) {
      header = false;
    }
  }
  return { noTransaction };
}
