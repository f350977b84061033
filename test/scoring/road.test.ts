/**
 * The road to the pass mark, worked by hand from docs/policy/sources-notes.md §1.3 (Shanghai): age 30 at 43 or
 * younger, and 5 at 56–60 with 2 more for each year younger; skill 三级 60, 二级 100 (二级 only with the insurance-base
 * condition); 3 points per insured year; standard 120 (§1.2). 二级 may be sat 4 years after 三级 (§2.2).
 */
import { describe, expect, it } from 'vitest';
import { evaluate, validateFacts } from '../../src/scoring/index.js';
import { roadToThreshold, ROAD_YEARS } from '../../src/scoring/road.js';
import { rules, skill } from './helpers.js';

const TODAY = '2026-12-01';
const shanghai = rules.byId('shanghai')!;

function road(input: unknown) {
  const v = validateFacts(input, TODAY);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const result = evaluate(v.facts, shanghai, TODAY, rules.national);
  return { result, road: roadToThreshold(v.facts, shanghai, rules.national, TODAY, result.next[0]) };
}

describe('road to the Shanghai standard', () => {
  it('grows 3 a year on insurance alone, and the next level gets there at once', () => {
    // 30 (age) + 60 (三级) + 3 × 5 = 105 today; +3 a year → 120 in year 5 (2031).
    // 二级 (三级 of 2020-06 + 4 years: may be sat now) with the base condition: 30 + 100 + 15 = 145 ≥ 120 this year.
    const { result, road: r } = road({
      age: 30,
      education: 'high_school',
      certificates: [skill(3, { issuedOn: '2020-06-01' })],
      occupationYears: 10,
      socialInsuranceYears: 5,
      insuranceBaseAboveAverage: true,
    });
    expect(result.next[0]?.certificate.level).toBe(2);
    expect(r).toBeDefined();
    expect(r!.threshold).toBe(120);
    expect(r!.years.map((y) => y.without.min)).toEqual([105, 108, 111, 114, 117, 120]);
    expect(r!.years.map((y) => y.year)).toEqual([2026, 2027, 2028, 2029, 2030, 2031]);
    expect(r!.years[0]!.with?.min).toBe(145);
    expect(r!.reachedWith).toBe(2026);
    expect(r!.reachedWithout).toBe(2031);
    expect(r!.end).toBe('reached');
  });

  it('counts the age points lost each year against the insurance points gained', () => {
    // Age 50: 5 + 2 × (56 − 50) = 17; then 15, 13, 11, 9, 7, and 5 from 56 on. 三级 60. Insurance 10 years = 30, +3 a year.
    // n:     0    1    2    3    4    5    6    7    8    9
    // age:  17   15   13   11    9    7    5    5    5    5
    // ins:  30   33   36   39   42   45   48   51   54   57
    // sum: 107  108  109  110  111  112  113  116  119  122 → reached in year 9 (2035) without a new certificate.
    const { road: r } = road({
      age: 50,
      education: 'high_school',
      certificates: [skill(3, { issuedOn: '2024-06-01' })],
      occupationYears: 20,
      socialInsuranceYears: 10,
      insuranceBaseAboveAverage: false,
    });
    expect(r!.years.map((y) => y.without.min)).toEqual([107, 108, 109, 110, 111, 112, 113, 116, 119, 122]);
    expect(r!.reachedWithout).toBe(2035);
  });

  it('stops after ten years when the pass mark is out of reach', () => {
    // Age 54: 5 + 2 × 2 = 9, then 7, 5, 5 …; 四级 30; no insurance years known → the total stays far below 120.
    const { road: r } = road({
      age: 54,
      education: 'middle_school',
      certificates: [skill(4)],
      occupationYears: 3,
      socialInsuranceYears: 0,
    });
    expect(r!.years).toHaveLength(ROAD_YEARS + 1);
    expect(r!.end).toBe('horizon');
    expect(r!.reachedWithout).toBeNull();
  });

  it('has no road for a city whose answer is not a points route with a pass mark', () => {
    const xuchang = rules.byId('xuchang')!;
    const v = validateFacts({ age: 30, stableResidence: true }, TODAY);
    if (!v.ok) throw new Error('facts');
    expect(roadToThreshold(v.facts, xuchang, rules.national, TODAY)).toBeUndefined();
  });
});
