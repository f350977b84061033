import { describe, expect, it } from 'vitest';
import { parseReminderText, parseSmallNumber } from '../../src/reminders/parse-date.js';
import { parseCancelCommand } from '../../src/reminders/render.js';

// Saturday 2026-11-21 10:00 in Shanghai. Expected dates below are worked out from the calendar by hand.
const now = new Date('2026-11-21T10:00:00+08:00');
const at = (local: string) => new Date(`${local}+08:00`).toISOString();

const dated: Array<[phrase: string, due: string, precision: 'day' | 'time', what?: string]> = [
  ['三天后', '2026-11-24T09:00:00', 'day'],
  ['3天后提醒我续费', '2026-11-24T09:00:00', 'day', '续费'],
  ['三天以后提醒我', '2026-11-24T09:00:00', 'day', ''],
  ['十天后', '2026-12-01T09:00:00', 'day'],
  ['明天', '2026-11-22T09:00:00', 'day'],
  ['后天', '2026-11-23T09:00:00', 'day'],
  ['大后天', '2026-11-24T09:00:00', 'day'],
  ['明天下午3点', '2026-11-22T15:00:00', 'time'],
  ['明天9点', '2026-11-22T09:00:00', 'time'],
  ['明天 14:30', '2026-11-22T14:30:00', 'time'],
  ['明天下午2点半提醒我交材料', '2026-11-22T14:30:00', 'time', '交材料'],
  ['今天晚上8点', '2026-11-21T20:00:00', 'time'],
  ['下午3点', '2026-11-21T15:00:00', 'time'],
  ['10分钟后', '2026-11-21T10:10:00', 'time'],
  ['两小时后', '2026-11-21T12:00:00', 'time'],
  ['下周一', '2026-11-23T09:00:00', 'day'],
  ['下星期三', '2026-11-25T09:00:00', 'day'],
  ['周五', '2026-11-27T09:00:00', 'day'],
  ['两周后', '2026-12-05T09:00:00', 'day'],
  ['2周后', '2026-12-05T09:00:00', 'day'],
  ['3个星期以后', '2026-12-12T09:00:00', 'day'],
  ['下个月', '2026-12-21T09:00:00', 'day'],
  ['下月1号', '2026-12-01T09:00:00', 'day'],
  ['本月30日', '2026-11-30T09:00:00', 'day'],
  ['3个月后提醒我查证书', '2027-02-21T09:00:00', 'day', '查证书'],
  ['三个月后', '2027-02-21T09:00:00', 'day'],
  ['半年后', '2027-05-21T09:00:00', 'day'],
  ['一年后', '2027-11-21T09:00:00', 'day'],
  ['明年3月', '2027-03-01T09:00:00', 'day'],
  ['后年5月1日', '2028-05-01T09:00:00', 'day'],
  ['2027年3月1日上午9点提醒我报名', '2027-03-01T09:00:00', 'time', '报名'],
  ['2027年3月1日', '2027-03-01T09:00:00', 'day'],
  ['2027-03-01', '2027-03-01T09:00:00', 'day'],
  ['2027/3/1', '2027-03-01T09:00:00', 'day'],
  ['3月1日', '2027-03-01T09:00:00', 'day'], // passed this year → next year (documented rule)
  ['3月', '2027-03-01T09:00:00', 'day'],
  ['12月25日', '2026-12-25T09:00:00', 'day'],
  ['12月25日下午两点', '2026-12-25T14:00:00', 'time'],
  ['12月1号', '2026-12-01T09:00:00', 'day'],
  ['2028年2月29日', '2028-02-29T09:00:00', 'day'],
  ['2027年3月1日上午9点', '2027-03-01T09:00:00', 'time'],
  ['３天后', '2026-11-24T09:00:00', 'day'], // full-width digit
];

describe('parseReminderText: dates it understands (now = 2026-11-21 10:00 Asia/Shanghai)', () => {
  it.each(dated)('%s → %s', (phrase, due, precision, what) => {
    const r = parseReminderText(phrase, { now, timezone: 'Asia/Shanghai' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.dueAt.toISOString()).toBe(at(due));
    expect(r.precision).toBe(precision);
    expect(r.repeat).toBeUndefined();
    if (what !== undefined) expect(r.what).toBe(what);
  });

  it('每年3月 repeats yearly from the next 1 March', () => {
    const r = parseReminderText('每年3月提醒我申请积分', { now });
    expect(r).toMatchObject({ ok: true, repeat: 'yearly', what: '申请积分', precision: 'day' });
    if (r.ok) expect(r.dueAt.toISOString()).toBe(at('2027-03-01T09:00:00'));
  });

  it('computes in the user timezone, not the system one', () => {
    // 2026-11-21 23:30 in Shanghai is still 15:30 UTC of the same day: "明天" is 11-22 in Shanghai.
    const late = new Date('2026-11-21T23:30:00+08:00');
    const r = parseReminderText('明天', { now: late });
    expect(r.ok && r.dueAt.toISOString()).toBe(at('2026-11-22T09:00:00'));
    // 00:30 in Shanghai is 16:30 UTC of the day before.
    const early = new Date('2026-11-22T00:30:00+08:00');
    const r2 = parseReminderText('三天后', { now: early });
    expect(r2.ok && r2.dueAt.toISOString()).toBe(at('2026-11-25T09:00:00'));
    const tokyo = parseReminderText('明天下午3点', { now, timezone: 'Asia/Tokyo' });
    expect(tokyo.ok && tokyo.dueAt.toISOString()).toBe('2026-11-22T06:00:00.000Z');
  });
});

const refused: Array<[phrase: string, problem: string, question: string]> = [
  ['2月30日', 'impossible', 'ask_valid_date'],
  ['2027年2月30日', 'impossible', 'ask_valid_date'],
  ['2月29日', 'impossible', 'ask_valid_date'], // the next 29 Feb-less February is 2027
  ['13月1日', 'impossible', 'ask_valid_date'],
  ['明天25点', 'impossible', 'ask_valid_date'],
  ['2040年1月1日', 'impossible', 'ask_too_far'],
  ['2025年3月1日', 'past', 'ask_future'],
  ['今天上午9点', 'past', 'ask_future'],
  ['11月21日', 'past', 'ask_future'], // today, default 09:00 already gone
  ['明天3点', 'ambiguous', 'ask_meridiem'],
  ['明年', 'ambiguous', 'ask_which_day'],
  ['下周', 'ambiguous', 'ask_which_day'],
  ['年底提醒我', 'ambiguous', 'ask_which_day'],
  ['每天提醒我吃药', 'ambiguous', 'ask_repeat'],
  ['提醒我', 'none', 'ask_date'],
  ['你好', 'none', 'ask_date'],
];

describe('parseReminderText: dates it asks about', () => {
  it.each(refused)('%s → %s', (phrase, problem, question) => {
    expect(parseReminderText(phrase, { now })).toEqual({ ok: false, problem, question });
  });
});

describe('small helpers', () => {
  it('reads Chinese numbers', () => {
    expect([
      parseSmallNumber('两'),
      parseSmallNumber('十'),
      parseSmallNumber('十二'),
      parseSmallNumber('二十五'),
      parseSmallNumber('12'),
    ]).toEqual([2, 10, 12, 25, 12]);
    expect(parseSmallNumber('abc')).toBeNaN();
  });
  it('reads cancel commands', () => {
    expect(parseCancelCommand('取消提醒 2')).toBe(2);
    expect(parseCancelCommand('取消提醒２')).toBe(2);
    expect(parseCancelCommand('取消第3条提醒')).toBe(3);
    expect(parseCancelCommand('我的提醒')).toBeNull();
  });
});
