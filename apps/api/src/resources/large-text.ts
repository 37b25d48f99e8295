/** Characters of a long text field shown inline in a JSON record (lists and single reads alike). */
export const INLINE_TEXT_CHARS = 2000;
/** Bytes of a free-form JSON field's text shown inline; a larger value is left out. */
export const INLINE_JSON_BYTES = 8192;

/**
 * A long text cut for inline display: job output can be megabytes, and a
 * page of a thousand of them made 60 MB answers. The whole text has its own
 * endpoint; the record says whether it was cut.
 */
export function inlineText(text: string | null): { value: string | null; truncated: boolean } {
  if (text === null || text.length <= INLINE_TEXT_CHARS) return { value: text, truncated: false };
  // Never split a surrogate pair: the cut text must stay valid Unicode.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(INLINE_TEXT_CHARS - 1)) ? INLINE_TEXT_CHARS - 1 : INLINE_TEXT_CHARS;
  return { value: text.slice(0, end), truncated: true };
}

/** A free-form JSON value shown inline only when small; else null and `truncated`. */
export function inlineJson(value: unknown): { value: unknown; truncated: boolean } {
  if (value === null || value === undefined) return { value: null, truncated: false };
  return Buffer.byteLength(JSON.stringify(value)) <= INLINE_JSON_BYTES ? { value, truncated: false } : { value: null, truncated: true };
}
