/**
 * Guangzhou, worked by hand from docs/policy/more-cities-notes.md §1: 积分制入户 ranked within a quota (apply at ≥150,
 * age ≤45, 4 years of insurance), the 2022+ table, the conflicting skill values as ranges; the talent route (2023).
 */
import { describe, expect, it } from 'vitest';
import { evaluateCity, itemPoints, route, skill } from '../helpers.js';

const gz = (facts: Record<string, unknown>, id = 'points-settlement') => route(evaluateCity('guangzhou', facts), id);
const worker = {
  age: 30,
  stableEmployment: true,
  residencePermitYears: 4,
  ownsHome: false,
  stableResidence: true,
  housingYears: 3,
  socialInsuranceYears: 5,
  housingFundYears: 2,
  education: 'high_school',
  shortageOccupation: false,
};

describe('Guangzhou 积分制入户', () => {
  it('a 三级 electrician: 156–171 points, enough to apply at 150, then ranked (no pass mark)', () => {
    // age 30 → 30; 居住证 4 × 8 = 32; renting 3 × 5 = 15; insurance 5 × 10 = 50; fund 2 × 2 = 4; 高中 10 → 141;
    // 三级 10–20 (current 10 vs old 20) + matching job 5–10 → 141 + 15..30 = 156–171
    const r = gz({ ...worker, certificates: [skill(3)] });
    expect(r.total).toEqual({ min: 156, max: 171 });
    expect(itemPoints(r, 'skill')).toEqual({ min: 10, max: 20 });
    expect(r.items!.find((i) => i.id === 'skill')!.certainty).toBe('estimated');
    expect(r.status).toBe('unknown');
    expect(r.ranked).toBe(true);
    expect(r.minimumToApply).toBe(150);
    expect(r.reasons![0]!.text).toContain('184');
  });

  it('age limit: at 46 the applicant may not apply', () => {
    const r = gz({ ...worker, age: 46, certificates: [skill(3)] });
    expect(r.status).toBe('not_yet');
    expect(r.reasons![0]!.text).toContain('45');
  });

  it('insurance years: 3 of the 4 years needed → may apply a year later (2026-06-01)', () => {
    // now: insurance 3 × 10 = 30 → 30 + 32 + 15 + 30 + 4 + 10 = 121; 技师 20–30 + matching job 5–10 → 146–161.
    // The 4th year of insurance comes on 2026-06-01 (and with it 10 more points, so the minimum 146 + 10 ≥ 150).
    const r = gz({ ...worker, socialInsuranceYears: 3, certificates: [skill(2)] });
    expect(r.total).toEqual({ min: 146, max: 161 });
    expect(r.status).toBe('not_yet');
    expect(r.reachedOn).toBe('2026-06-01');
  });

  it('a 五级 certificate and the 低压电工 permit earn nothing', () => {
    const r = gz({
      ...worker,
      certificates: [skill(5), { kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2021-01-01' }],
    });
    expect(itemPoints(r, 'skill').max).toBe(0);
    expect(itemPoints(r, 'skill-matching-job').max).toBe(0);
    expect(r.total).toEqual({ min: 141, max: 141 });
    expect(r.gap).toEqual({ min: 9, max: 9 });
  });
});

describe('Guangzhou talent route (技术技能类, 2023)', () => {
  const base = { talentCatalogOccupation: true, continuousInsuranceMonths: 6 };
  it('高级工 up to 35, not 36; 技师 up to 40', () => {
    expect(gz({ ...base, age: 35, certificates: [skill(3)] }, 'skilled-talent').status).toBe('eligible');
    expect(gz({ ...base, age: 36, certificates: [skill(3)] }, 'skilled-talent').status).toBe('not_yet');
    expect(gz({ ...base, age: 40, certificates: [skill(2)] }, 'skilled-talent').status).toBe('eligible');
  });

  it('6 months of insurance after the certificate: 4 months → two months later', () => {
    const r = gz({ ...base, continuousInsuranceMonths: 4, age: 30, certificates: [skill(3)] }, 'skilled-talent');
    expect(r.status).toBe('not_yet');
    expect(r.reachedOn).toBe('2025-08-01');
    expect(r.notes!.join()).toContain('2019');
  });
});
