/**
 * The social-insurance base as workers describe it: a share of the average wage in 成, 倍 or per cent, or a short
 * answer to the base question. Bands as docs/policy/sources-notes.md §1.4 (社保缴费基数 row) draws them: ≥80% and <1×,
 * ≥1× and <2×, ≥2× and <3×, 3×.
 */
import { describe, expect, it } from 'vitest';
import { createUnderstander } from '../../src/nlu/index.js';
import { CITIES } from './cities.js';

const understand = createUnderstander(CITIES);

describe('the base said as a share of the average wage', () => {
  it.each([
    ['我基数差不多社平工资一点三倍', '100_200', true], // 1.3 is ≥1 and <2
    ['基数大概是社平的七成', 'below_80', false], // 0.7 < 0.8
    ['一直按社平八成五交的基数', '80_100', false], // 0.85: ≥0.8, <1
    ['基数不到社会平均工资的九成', '80_100', false], // just under 0.9
    ['社保基数是平均工资两倍多', '200_300', true], // just over 2
    ['单位按社平的百分之六十给我交', 'below_80', false], // 0.6
  ])('%s → %s', (text, tier, above) => {
    const u = understand(text);
    expect(u.facts.insuranceBaseTier).toBe(tier);
    expect(u.facts.insuranceBaseAboveAverage).toBe(above);
  });

  it('a share with no word of the wage or the base is not a base ("加班费是两倍")', () => {
    expect(understand('加班费是两倍').facts.insuranceBaseTier).toBeUndefined();
  });
});

describe('short answers to the base questions', () => {
  it.each(['最低', '最低的吧'])('%s to the band question → below 80%%', (text) => {
    expect(understand(text, { fact: 'insuranceBaseTier' }).facts.insuranceBaseTier).toBe('below_80');
  });

  it('"比它高" to the above-the-average question → yes; "低的" → no', () => {
    expect(understand('比它高', { fact: 'insuranceBaseAboveAverage' }).facts.insuranceBaseAboveAverage).toBe(true);
    expect(understand('低的', { fact: 'insuranceBaseAboveAverage' }).facts.insuranceBaseAboveAverage).toBe(false);
  });

  it('"最低" asked about something else is no base', () => {
    expect(understand('最低', { fact: 'housingYears' }).facts.insuranceBaseTier).toBeUndefined();
  });
});
