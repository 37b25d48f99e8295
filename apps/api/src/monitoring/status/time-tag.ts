import { formatAge } from "./format.js";
import { html } from "./html.js";
import type { SafeHtml } from "./html.js";

/** "3 h ago" for the reader, the exact ISO time in `datetime` and as a tooltip. */
export function timeAgo(date: Date, now: Date): SafeHtml {
  const iso = date.toISOString();
  return html`<time datetime="${iso}" title="${iso}">${formatAge(date, now)}</time>`;
}
