/**
 * Tianjin, worked by hand from docs/policy/more-cities-notes.md §4: 居住证积分 (2022 table, 2023 housing amendment),
 * guiding score 110 with no stated guarantee (ranked, never eligible), 海河英才 skilled route (2018 text), subsidy (§15).
 */
import { describe, expect, it } from 'vitest';
import { evaluateCity, itemPoints, route, skill } from '../helpers.js';

const tj = (facts: Record<string, unknown>) => route(evaluateCity('tianjin', facts), 'residence-points');
const permit = { kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2021-01-01' };

describe('Tianjin residence points', () => {
  it('a 三级 electrician renting: 192 points, above the guiding 110, but ranked: never "eligible"', () => {
    // age 30 → 10 (≤35); 高中 0; insurance 5 yrs: 3 × 22 = 66, then (5 − 3) × 28 = 56; fund 2 × 3 = 6;
    // renting 4 × 6 = 24; 三级 15 (on the list: 紧缺) + 导向分 紧缺 15 → 10 + 66 + 56 + 6 + 24 + 15 + 15 = 192
    const r = tj({
      age: 30,
      education: 'high_school',
      socialInsuranceYears: 5,
      continuousInsuranceMonths: 60,
      housingFundYears: 2,
      ownsHome: false,
      stableResidence: true,
      housingYears: 4,
      occupationDemandTier: 'short',
      certificates: [skill(3)],
    });
    expect(r.total).toEqual({ min: 192, max: 192 });
    expect(itemPoints(r, 'insurance-after-3-years')).toEqual({ min: 56, max: 56 });
    expect(itemPoints(r, 'skill')).toEqual({ min: 15, max: 15 });
    expect(r.status).toBe('unknown');
    expect(r.ranked).toBe(true);
    expect(r.minimumToApply).toBe(110);
    expect(r.threshold).toBeUndefined();
    expect(r.reasons!.map((x) => x.code)).toEqual(['ranked']);
    expect(r.reasons![0]!.text).toContain('110');
  });

  it('the 低压电工 permit earns nothing; 33 points is 77 short of the 110 needed to apply', () => {
    // age 40 → 5; insurance 1 yr → 22; renting 1 yr → 6; permit 0 → 33; 110 − 33 = 77
    const r = tj({
      age: 40,
      education: 'middle_school',
      socialInsuranceYears: 1,
      continuousInsuranceMonths: 12,
      housingFundYears: 0,
      ownsHome: false,
      stableResidence: true,
      housingYears: 1,
      occupationDemandTier: 'none',
      certificates: [permit],
    });
    expect(r.total).toEqual({ min: 33, max: 33 });
    expect(itemPoints(r, 'skill').max).toBe(0);
    expect(r.status).toBe('not_yet');
    expect(r.gap).toEqual({ min: 77, max: 77 });
    expect(r.reasons![0]!.code).toBe('below_minimum');
  });

  it('insurance: 连续1年 or 累计3年 — 2 years with 6 months unbroken is not yet, reached when 12 months are unbroken', () => {
    // age 30 → 10; 2 yrs × 22 = 44; owned 3 yrs × 10–15 = 30–45 (district unknown, estimated); 本科+学位 20;
    // 三级 15 + 导向 15 → 134–149 ≥ 110, but the prerequisite fails: 6 < 12 months and 2 < 3 years.
    // 12 unbroken months come 6 months later: 2025-06-01 + 6 months = 2025-12-01.
    const r = tj({
      age: 30,
      education: 'bachelor_degree',
      socialInsuranceYears: 2,
      continuousInsuranceMonths: 6,
      housingFundYears: 0,
      ownsHome: true,
      housingYears: 3,
      occupationDemandTier: 'short',
      certificates: [skill(3)],
    });
    expect(r.total).toEqual({ min: 134, max: 149 });
    expect(r.items!.find((i) => i.id === 'owned-home')!.certainty).toBe('estimated');
    expect(r.status).toBe('not_yet');
    expect(r.reasons![0]!.code).toBe('prerequisite_failed');
    expect(r.reachedOn).toBe('2025-12-01');
  });

  it('a skill certificate off the demand list scores nothing; asking the tier when unknown', () => {
    const off = tj({ age: 30, socialInsuranceYears: 3, occupationDemandTier: 'none', certificates: [skill(3)] });
    expect(itemPoints(off, 'skill').max).toBe(0);
    const unknown = tj({ age: 30, socialInsuranceYears: 3, certificates: [skill(3)] });
    expect(unknown.missing).toContain('occupationDemandTier');
  });
});

describe('Tianjin 海河英才 skilled route (2018 text, estimated)', () => {
  const higher = { vocationalDiploma: 'higher', stableEmployment: true, socialInsuranceYears: 0 };
  it('age limit: a 高职 graduate 技师 may be 40, not 41', () => {
    expect(route(evaluateCity('tianjin', { ...higher, age: 40, certificates: [skill(2)] }), 'haihe-skilled').status).toBe('eligible');
    const r = route(evaluateCity('tianjin', { ...higher, age: 41, certificates: [skill(2)] }), 'haihe-skilled');
    expect(r.status).toBe('not_yet');
    expect(r.certainty).toBe('estimated');
  });

  it('a 技校 graduate 高级工 needs 1 year of work in Tianjin: 0.5 years → 2025-12-01', () => {
    const r = route(
      evaluateCity('tianjin', {
        vocationalDiploma: 'secondary',
        stableEmployment: true,
        socialInsuranceYears: 0.5,
        age: 33,
        certificates: [skill(3)],
      }),
      'haihe-skilled',
    );
    expect(r.status).toBe('not_yet');
    expect(r.reachedOn).toBe('2025-12-01');
  });

  it('no vocational diploma: the route does not apply', () => {
    const r = route(evaluateCity('tianjin', { ...higher, vocationalDiploma: 'none', age: 30, certificates: [skill(1)] }), 'haihe-skilled');
    expect(r.status).toBe('not_yet');
  });
});

describe('Tianjin skill-upgrade subsidy (national caps, §15)', () => {
  it('三级 up to 2,000 yuan, never stated as current', () => {
    const r = route(
      evaluateCity('tianjin', { insuredEmployee: true, socialInsuranceYears: 2, certificates: [skill(3)] }),
      'skill-upgrade-subsidy',
    );
    expect(r.amount).toEqual({ min: 2000, max: 2000 });
    expect(r.status).toBe('unknown');
    expect(r.reasons![0]!.code).toBe('unconfirmed');
  });
});
