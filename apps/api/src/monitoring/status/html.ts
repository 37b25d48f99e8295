import { htmlEscape } from "escape-goat";

/** Markup built by {@link html}: inserted as it is into another {@link html} template. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = SafeHtml | string | number | null | undefined | false | readonly Part[];

/**
 * Tagged template for the status page: every interpolated value is escaped
 * with escape-goat (& < > " '), except markup made by `html` itself; arrays are
 * joined, null/undefined/false render nothing. So no value from the database
 * (a migration name, an error message, repair SQL) is ever raw HTML.
 */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

function render(value: Part): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return htmlEscape(String(value));
}
