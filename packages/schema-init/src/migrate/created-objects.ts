import { scriptStatements } from "./transaction-safety.js";

/** An object a migration creates, by name, as `resolve` checks it. */
export type CreatedObject =
  | { kind: "table"; name: string }
  | { kind: "index"; name: string; table: string }
  | { kind: "column"; table: string; name: string }
  | { kind: "constraint"; table: string; name: string }
  | { kind: "trigger"; table: string; name: string }
  | { kind: "function"; name: string };

// An identifier, quoted or not, optionally schema-qualified: only the last part names the object.
const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const QUALIFIED = String.raw`(?:${IDENT}\s*\.\s*)?(${IDENT})`;
/** An identifier as the catalog stores it: quotes removed, an unquoted one folded to lower case. */
export const unquote = (ident: string) => (ident.startsWith('"') ? ident.slice(1, -1).replaceAll('""', '"') : ident.toLowerCase());

const CREATE_TABLE = new RegExp(String.raw`^CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${QUALIFIED}`, "i");
const CREATE_INDEX = new RegExp(String.raw`^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?${QUALIFIED}\s+ON\s+(?:ONLY\s+)?${QUALIFIED}`, "i");
// A trigger's name is never qualified; the first ON after the events names its table.
const CREATE_TRIGGER = new RegExp(String.raw`^CREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?TRIGGER\s+(${IDENT})\s[\s\S]*?\sON\s+${QUALIFIED}`, "i");
const CREATE_FUNCTION = new RegExp(String.raw`^CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+${QUALIFIED}\s*\(`, "i");
const ALTER_TABLE = new RegExp(String.raw`^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?${QUALIFIED}\s+([\s\S]*)$`, "i");
const ADD_CONSTRAINT = new RegExp(String.raw`^ADD\s+CONSTRAINT\s+(${IDENT})`, "i");
const ADD_COLUMN = new RegExp(String.raw`^ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT})`, "i");

/**
 * The tables, indexes, columns, constraints, triggers and functions a
 * migration creates, read from its CREATE TABLE, CREATE INDEX, ALTER TABLE ...
 * ADD, CREATE TRIGGER and CREATE FUNCTION statements. What it drops or changes
 * is not listed: `resolve` checks what must exist afterwards.
 */
export function createdObjects(sql: string): CreatedObject[] {
  const out: CreatedObject[] = [];
  for (const { text } of scriptStatements(sql)) {
    const statement = text.replace(/^(\s*--[^\n]*\n)+/, "").trim();
    const table = CREATE_TABLE.exec(statement);
    if (table?.[1]) out.push({ kind: "table", name: unquote(table[1]) });
    const index = CREATE_INDEX.exec(statement);
    if (index?.[1] && index[2]) out.push({ kind: "index", name: unquote(index[1]), table: unquote(index[2]) });
    const trigger = CREATE_TRIGGER.exec(statement);
    if (trigger?.[1] && trigger[2]) out.push({ kind: "trigger", name: unquote(trigger[1]), table: unquote(trigger[2]) });
    const fn = CREATE_FUNCTION.exec(statement);
    if (fn?.[1]) out.push({ kind: "function", name: unquote(fn[1]) });
    const alter = ALTER_TABLE.exec(statement);
    if (alter?.[1] && alter[2]) {
      const target = unquote(alter[1]);
      // Actions are comma-separated; commas inside parentheses belong to one action.
      for (const action of splitTopLevel(alter[2])) {
        const constraint = ADD_CONSTRAINT.exec(action);
        if (constraint?.[1]) out.push({ kind: "constraint", table: target, name: unquote(constraint[1]) });
        else if (!/^ADD\s+(PRIMARY|UNIQUE|CHECK|FOREIGN|EXCLUDE)\b/i.test(action)) {
          const column = ADD_COLUMN.exec(action);
          if (column?.[1]) out.push({ kind: "column", table: target, name: unquote(column[1]) });
        }
      }
    }
  }
  return out;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")") depth--;
    else if (text[i] === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter(Boolean);
}

/** "table x", "index y on x", ... for messages. */
export function describeObject(o: CreatedObject): string {
  if (o.kind === "table") return `table ${o.name}`;
  if (o.kind === "index" || o.kind === "trigger") return `${o.kind} ${o.name} on ${o.table}`;
  if (o.kind === "function") return `function ${o.name}()`;
  return `${o.kind} ${o.table}.${o.name}`;
}
