/** Day, ISO-week and month of an instant in a time zone, as sortable keys. */
export interface CalendarKeys {
  /** 2025-03-09 */
  day: string;
  /** 2025-W10 (ISO 8601 week-numbering year) */
  week: string;
  /** 2025-03 */
  month: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Calendar keys of `date` as seen on a wall clock in `timeZone`. */
export function calendarKeys(date: Date, timeZone: string): CalendarKeys {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(date).map((p) => [p.type, p.value]));
  const [y, m, d] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  const pad = (n: number) => String(n).padStart(2, "0");
  return { day: `${y}-${pad(m)}-${pad(d)}`, week: isoWeek(y, m, d), month: `${y}-${pad(m)}` };
}

// ISO 8601: weeks start on Monday; week 1 holds the year's first Thursday.
function isoWeek(year: number, month: number, day: number): string {
  const date = Date.UTC(year, month - 1, day);
  const weekday = (new Date(date).getUTCDay() + 6) % 7;
  const thursday = new Date(date + (3 - weekday) * 86_400_000);
  const isoYear = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / 86_400_000 / 7);
  return `${isoYear}-W${String(week).padStart(2, "0")}`;
}
