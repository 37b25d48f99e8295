import type { FieldProblem } from "../errors.js";

/**
 * PostgreSQL text cannot hold U+0000 and the driver cannot encode a lone
 * UTF-16 surrogate: either reaches the database as a 500. Every string of a
 * parsed request part, object keys included, is checked here before a
 * handler sees it, so no field can be forgotten.
 */
export function findUnsafeStrings(value: unknown, location: NonNullable<FieldProblem["in"]>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // The path is a chain of keys, joined into a JSON pointer only for a problem: every request
  // passes through here, and building the pointer of each clean field cost more than the scan.
  type Path = { parent: Path; key: string } | undefined;
  const pointer = (path: Path): string => {
    const keys: string[] = [];
    for (let at = path; at; at = at.parent) keys.push(escapePointer(at.key));
    return keys.length === 0 ? "/" : `/${keys.reverse().join("/")}`;
  };
  const visit = (item: unknown, path: Path) => {
    if (problems.length >= 20) return;
    if (typeof item === "string") {
      const reason = unsafeReason(item);
      if (reason) problems.push({ pointer: pointer(path), in: location, detail: reason });
      return;
    }
    if (Array.isArray(item)) {
      item.forEach((element, index) => visit(element, { parent: path, key: String(index) }));
      return;
    }
    if (item !== null && typeof item === "object") {
      for (const [key, element] of Object.entries(item)) {
        const reason = unsafeReason(key);
        if (reason) problems.push({ pointer: pointer({ parent: path, key }), in: location, detail: `the key ${reason}` });
        else visit(element, { parent: path, key });
      }
    }
  };
  visit(value, undefined);
  return problems;
}

function unsafeReason(text: string): string | undefined {
  if (text.includes("\u0000")) return "must not contain the NUL character (U+0000)";
  // String.prototype.isWellFormed exists from Node 20; the project's TS lib predates it.
  if (!(text as string & { isWellFormed(): boolean }).isWellFormed()) return "must be well-formed Unicode (no lone surrogate halves)";
  return undefined;
}

// RFC 6901: `~` and `/` are escaped in a JSON pointer; a NUL in a key is not echoed back.
function escapePointer(key: string): string {
  return key.replaceAll("\u0000", "\\u0000").replaceAll("~", "~0").replaceAll("/", "~1");
}
