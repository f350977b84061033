/** The calendar date (YYYY-MM-DD) at instant `ms` in `timeZone`: "today" for the rules is the user's local day. */
export function localDate(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Throws a RangeError for a time zone the runtime does not know, so a typo in TIMEZONE fails at start-up. */
export function checkTimeZone(timeZone: string): void {
  new Intl.DateTimeFormat('en-CA', { timeZone });
}
