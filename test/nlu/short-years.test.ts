/**
 * Two-digit years as workers say them: digit by digit ("二三年" is 2023, not "two or three"), and a date a worker
 * tells is in the past, so "九八年" is 1998 and "一九年" 2019. Also the pinyin slip 电公 for 电工.
 */
import { describe, expect, it } from 'vitest';
import { createUnderstander } from '../../src/nlu/index.js';
import { CITIES } from './cities.js';

const understand = createUnderstander(CITIES);
const issuedOn = { certificateField: 'issuedOn', index: 0 } as const;

describe('two-digit years', () => {
  it.each([
    ['二三年三月考出来的', '2023-03-01'],
    ['一九年十二月', '2019-12-01'],
    ['九八年五月份拿的', '1998-05-01'],
    ['大概零七年8月', '2007-08-01'],
  ])('%s to the issue-date question → %s', (text, iso) => {
    expect(understand(text, issuedOn).certificateUpdates?.[0]?.patch.issuedOn).toBe(iso);
  });
});

describe('pinyin slips of the trade', () => {
  it('"维修电公三级证" is an electrician certificate, level 3', () => {
    expect(understand('我有维修电公三级证').certificates).toEqual([{ kind: 'skill', occupation: '电工', level: 3 }]);
  });

  it('"打点工" stays a day job, no certificate', () => {
    expect(understand('平时打点工').certificates).toBeUndefined();
  });
});
