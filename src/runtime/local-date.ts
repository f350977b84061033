/**
 * Building an Intl.DateTimeFormat (an ICU formatter) is expensive, about 7% of a turn's CPU when done per turn;
 * formatting with one is cheap. One formatter per time zone, built once (a process uses one or two zones).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar date (YYYY-MM-DD) at instant `ms` in `timeZone`: "today" for the rules is the user's local day. */
export function localDate(ms: number, timeZone: string): string {
  let year = '';
  let month = '';
  let day = '';
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year}-${month}-${day}`;
}

/** Throws a RangeError for a time zone the runtime does not know, so a typo in TIMEZONE fails at start-up. */
export function checkTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}
