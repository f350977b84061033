/** Calendar dates as ISO strings (YYYY-MM-DD). ISO strings compare correctly with < and >, so most code never parses. */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date (rejects 2023-02-30). */
export function isCalendarDate(iso: string): boolean {
  const m = ISO.exec(iso);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Gregorian calendar arithmetic (no Date object: addMonths is on the hot path of reachedOn and sit dates). */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** Adds whole months; the day is clamped to the target month's length (2024-01-31 + 1 month = 2024-02-29). */
export function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const mo = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const total = y * 12 + (mo - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  const nd = Math.min(d, daysInMonth(ny, nm));
  return `${ny < 1000 ? String(ny).padStart(4, '0') : ny}-${nm < 10 ? '0' : ''}${nm}-${nd < 10 ? '0' : ''}${nd}`;
}

/** Adds a (possibly fractional) number of years, rounded up to whole months so a date is never too early. */
export function addYears(iso: string, years: number): string {
  return addMonths(iso, Math.ceil(years * 12 - 1e-9));
}

/** Whole months to add to a fact value `years` so it reaches `target` years (0 when already there). */
export function monthsUntil(years: number, target: number): number {
  return years >= target ? 0 : Math.ceil((target - years) * 12 - 1e-9);
}

/** Adds (or, negative, subtracts) whole days (civil-calendar day numbers: no Date object on the hot path). */
export function addDays(iso: string, days: number): string {
  const n = dayNumber(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))) + days;
  return fromDayNumber(n);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDayNumber(z: number): string {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}
