/** Names for a log line or message: all of a few, or the first two and the last of many (300 names help nobody). */
export function listed(names: string[]): string {
  return names.length <= 6 ? names.join(", ") : `${names.slice(0, 2).join(", ")}, ... (${names.length - 3} more), ${names.at(-1)}`;
}
