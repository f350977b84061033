/**
 * Wall-clock time and "today" in a named IANA timezone, without a date library: the bot runs in containers whose system timezone
 * is usually UTC, while users live in Asia/Shanghai. Everything here is exact for zones without DST; for zones with DST
 * a wall-clock time inside a spring-forward gap resolves to the instant one offset later (documented, not an error).
 */

/** The users' zone unless TIMEZONE says otherwise: the bot serves cities in mainland China. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Building an Intl.DateTimeFormat (an ICU formatter) is expensive (~7% of a turn's CPU when done per turn);
// formatting with one is cheap. One formatter per zone, built once (a process uses one or two zones).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    // Throws RangeError for an unknown zone: a configuration error worth failing loudly on.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The wall-clock reading of `instant` in `timezone`. */
export function wallClockAt(instant: Date, timezone: string): WallClock {
  const parts = formatterFor(timezone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

function offsetMs(instant: Date, timezone: string): number {
  const w = wallClockAt(instant, timezone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant at which the wall clock in `timezone` reads `wall`. */
export function instantAt(wall: WallClock, timezone: string): Date {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  let guess = naive - offsetMs(new Date(naive), timezone);
  // A second pass corrects the guess when the offset differs at the target instant (DST edges).
  guess = naive - offsetMs(new Date(guess), timezone);
  return new Date(guess);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** YYYY-MM-DD of a wall clock. */
export function isoDay(w: Pick<WallClock, 'year' | 'month' | 'day'>): string {
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** Adds calendar days/months/years to a date given as YYYY-MM-DD; a day past the month's end clamps to its last day. */
export function addToIsoDay(day: string, add: { years?: number; months?: number; days?: number }): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const totalMonths = y * 12 + (m - 1) + (add.years ?? 0) * 12 + (add.months ?? 0);
  const ny = Math.floor(totalMonths / 12);
  const nm = (totalMonths % 12) + 1;
  const nd = Math.min(d, daysInMonth(ny, nm));
  const base = new Date(Date.UTC(ny, nm - 1, nd) + (add.days ?? 0) * 86_400_000);
  return isoDay({ year: base.getUTCFullYear(), month: base.getUTCMonth() + 1, day: base.getUTCDate() });
}

// Every turn needs "today", but it can only change when the local wall clock passes midnight, and that happens at a
// whole UTC minute (zone offsets and their transitions are whole minutes since the 1970s). So the date is computed
// once per zone and UTC minute; the turns within that minute reuse it.
const MINUTE_MS = 60_000;
const lastDates = new Map<string, { minute: number; date: string }>();

/** The calendar date (YYYY-MM-DD) at instant `ms` in `timeZone`: "today" for the rules is the user's local day. */
export function localDate(ms: number, timeZone: string): string {
  const minute = Math.floor(ms / MINUTE_MS);
  const last = lastDates.get(timeZone);
  if (last?.minute === minute) return last.date;
  const w = wallClockAt(new Date(ms), timeZone);
  const date = `${w.year}-${w.month < 10 ? '0' : ''}${w.month}-${w.day < 10 ? '0' : ''}${w.day}`;
  lastDates.set(timeZone, { minute, date });
  return date;
}

/** Throws a RangeError for a time zone the runtime does not know, so a typo in TIMEZONE fails at start-up. */
export function checkTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}
