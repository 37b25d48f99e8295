import type { FieldProblem } from "../errors.js";

/**
 * PostgreSQL text cannot hold U+0000 and the driver cannot encode a lone
 * UTF-16 surrogate: either reaches the database as a 500. Every string of a
 * parsed request part, object keys included, is checked here before a
 * handler sees it, so no field can be forgotten.
 */
export function findUnsafeStrings(value: unknown, location: NonNullable<FieldProblem["in"]>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const visit = (item: unknown, pointer: string) => {
    if (problems.length >= 20) return;
    if (typeof item === "string") {
      const reason = unsafeReason(item);
      if (reason) problems.push({ pointer: pointer || "/", in: location, detail: reason });
      return;
    }
    if (Array.isArray(item)) {
      item.forEach((element, index) => visit(element, `${pointer}/${index}`));
      return;
    }
    if (item !== null && typeof item === "object") {
      for (const [key, element] of Object.entries(item)) {
        const path = `${pointer}/${escapePointer(key)}`;
        const reason = unsafeReason(key);
        if (reason) problems.push({ pointer: path, in: location, detail: `the key ${reason.replace(/^must/, "must")}` });
        else visit(element, path);
      }
    }
  };
  visit(value, "");
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
