/** "Today" of the rules: the user's local calendar date, remembered per minute, exact at every midnight. */
import { describe, expect, it } from 'vitest';
import { localDate } from '../../src/time/zoned-time.js';

describe('localDate', () => {
  it('turns the date at Shanghai midnight (UTC+8), to the millisecond', () => {
    // 2026-11-21 24:00 in Shanghai is 16:00 UTC.
    expect(localDate(Date.parse('2026-11-21T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-11-21');
    expect(localDate(Date.parse('2026-11-21T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-22');
  });

  it('answers right when the clock goes back (fixed test clocks, a corrected system clock)', () => {
    expect(localDate(Date.parse('2026-11-21T16:00:30.000Z'), 'Asia/Shanghai')).toBe('2026-11-22');
    expect(localDate(Date.parse('2026-11-21T15:59:30.000Z'), 'Asia/Shanghai')).toBe('2026-11-21');
    expect(localDate(Date.parse('2026-11-21T16:00:59.999Z'), 'Asia/Shanghai')).toBe('2026-11-22');
  });

  it('keeps zones apart within the same minute', () => {
    const instant = Date.parse('2026-11-21T20:00:00.000Z');
    expect(localDate(instant, 'Asia/Shanghai')).toBe('2026-11-22');
    expect(localDate(instant, 'America/New_York')).toBe('2026-11-21');
    expect(localDate(instant + 1000, 'Asia/Shanghai')).toBe('2026-11-22');
  });

  it('follows a zone with daylight saving time across its midnights', () => {
    // Berlin: CET (UTC+1) until 2026-03-29 01:00 UTC, then CEST (UTC+2).
    expect(localDate(Date.parse('2026-03-28T22:59:59.999Z'), 'Europe/Berlin')).toBe('2026-03-28');
    expect(localDate(Date.parse('2026-03-28T23:00:00.000Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDate(Date.parse('2026-03-29T21:59:59.999Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDate(Date.parse('2026-03-29T22:00:00.000Z'), 'Europe/Berlin')).toBe('2026-03-30');
  });
});
