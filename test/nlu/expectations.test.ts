/** Bare answers read through the pending question. */
import { describe, expect, it } from 'vitest';
import { createUnderstander } from '../../src/nlu/index.js';
import { CITIES } from './cities.js';

const understand = createUnderstander(CITIES);

describe('answers to the pending question', () => {
  const cityChoices = {
    choices: [
      { label: '上海', value: 'shanghai' },
      { label: '厦门', value: 'xiamen' },
      { label: '涪陵（重庆）', value: 'fuling' },
    ],
  };

  it.each([
    ['2', 'xiamen'],
    ['２', 'xiamen'],
    ['第二个', 'xiamen'],
    ['选3', 'fuling'],
    ['厦门', 'xiamen'],
    ['涪陵', 'fuling'],
    ['fuling', 'fuling'],
  ])('choice %s → %s', (text, value) => {
    expect(understand(text, cityChoices).choice).toBe(value);
  });

  it.each(['4', '0', '随便', ''])('choice %s picks nothing', (text) => {
    expect(understand(text, cityChoices).choice).toBeUndefined();
  });

  it('choices by the words of a label: 有学位 picks "本科，有学士学位"', () => {
    const options = {
      choices: [
        { label: '本科，有学士学位', value: 'bachelor_degree' },
        { label: '本科，没有学位', value: 'bachelor' },
      ],
    };
    expect(understand('有学士学位', options).choice).toBe('bachelor_degree');
    expect(understand('1', options).choice).toBe('bachelor_degree');
  });

  it.each([
    ['2020年', '2020-01-01'],
    ['2019年3月', '2019-03-01'],
    ['2019.3', '2019-03-01'],
    ['2019-03-15', '2019-03-15'],
    ['2020', '2020-01-01'],
    ['二〇一八年五月', '2018-05-01'],
  ])('issuedOn %s → %s', (text, iso) => {
    expect(understand(text, { certificateField: 'issuedOn', index: 1 }).certificateUpdates).toEqual([
      { index: 1, patch: { issuedOn: iso } },
    ]);
  });

  it.each(['2019年13月', '2019年2月30日', '1800年', '不记得'])('issuedOn %s is no date', (text) => {
    expect(understand(text, { certificateField: 'issuedOn', index: 0 }).certificateUpdates).toBeUndefined();
  });

  it('lastReviewOn takes a date too', () => {
    expect(understand('2023年6月复审的', { certificateField: 'lastReviewOn', index: 0 }).certificateUpdates).toEqual([
      { index: 0, patch: { lastReviewOn: '2023-06-01' } },
    ]);
  });

  it.each([
    ['是', true],
    ['对的', true],
    ['不是', false],
    ['没有', false],
  ])('matchesJob %s → %s', (text, value) => {
    const u = understand(text, { certificateField: 'matchesJob', index: 0 });
    expect(u.certificateUpdates).toEqual([{ index: 0, patch: { matchesJob: value } }]);
  });

  it('issuedWhileWorkingInCity: 是的 → true', () => {
    const u = understand('是的', { certificateField: 'issuedWhileWorkingInCity', index: 2 });
    expect(u.certificateUpdates).toEqual([{ index: 2, patch: { issuedWhileWorkingInCity: true } }]);
  });

  it.each([
    ['ownsHome', '有', true],
    ['stableEmployment', '没有', false],
    ['insuredEmployee', '是的', true],
  ] as const)('boolean fact %s: %s → %s', (fact, text, value) => {
    expect(understand(text, { fact }).facts).toEqual({ [fact]: value });
  });

  it('an enum fact answered with its stored value (a button)', () => {
    expect(understand('80_100', { fact: 'insuranceBaseTier' }).facts).toEqual({ insuranceBaseTier: '80_100' });
  });

  it('有 to "which certificates?" is a yes, so the dialog asks which', () => {
    const u = understand('有', { fact: 'certificates' });
    expect(u.yesNo).toBe(true);
    expect(u.noCertificates).toBeUndefined();
  });

  it('a bare number with no question pending is not read as anything', () => {
    const u = understand('32');
    expect(u.facts).toEqual({});
    expect(u.understoodAnything).toBe(false);
  });

  it('a full sentence still fills other facts while one fact is asked', () => {
    const u = understand('32岁，社保交了3年', { fact: 'age' });
    expect(u.facts).toEqual({ age: 32, socialInsuranceYears: 3 });
  });
});
