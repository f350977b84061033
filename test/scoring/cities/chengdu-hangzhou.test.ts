/**
 * Chengdu (docs/policy/more-cities-notes.md §8: points, no threshold found; skilled route after 2 years at one
 * employer) and Hangzhou (§6: 高技能人才 route, points ranked with a 2021 cut-off of 160). All estimates.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCity, itemPoints, route, skill } from '../helpers.js';

const permit = { kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2021-01-01' };

describe('Chengdu', () => {
  const base = { age: 35, sex: 'male', continuousInsuranceMonths: 60, socialInsuranceYears: 5, stableResidence: true, housingYears: 5 };
  it('points: insurance 5 years = 10 half-years × 10 = 100, residence 5 × 5 = 25, 三级 30 → 155, no threshold', () => {
    const r = route(evaluateCity('chengdu', { ...base, certificates: [skill(3)] }), 'points-settlement');
    expect(r.total).toEqual({ min: 155, max: 155 });
    expect(r.status).toBe('unknown');
    expect(r.reasons![0]!.code).toBe('no_threshold');
    expect(itemPoints(route(evaluateCity('chengdu', { ...base, certificates: [permit] }), 'points-settlement'), 'skill-or-title').max).toBe(
      0,
    );
  });

  it('5 unbroken years of insurance: 48 months → not yet, a year later; a woman of 52 not at all', () => {
    const r = route(evaluateCity('chengdu', { ...base, continuousInsuranceMonths: 48, certificates: [skill(3)] }), 'points-settlement');
    expect(r.status).toBe('not_yet');
    expect(r.reachedOn).toBe('2026-06-01');
    const woman = route(evaluateCity('chengdu', { ...base, age: 52, sex: 'female', certificates: [skill(3)] }), 'points-settlement');
    expect(woman.status).toBe('not_yet');
    expect(woman.reachedOn).toBeNull();
  });

  it('skilled route: 2 years at one employer, then the employer recommends (never stated as eligible)', () => {
    const r = route(evaluateCity('chengdu', { stableEmployment: true, sameEmployerYears: 2, certificates: [skill(4)] }), 'skilled-talent');
    expect(r.status).toBe('unknown');
    expect(r.reasons![0]!.code).toBe('unconfirmed');
    const early = route(
      evaluateCity('chengdu', { stableEmployment: true, sameEmployerYears: 1.5, certificates: [skill(4)] }),
      'skilled-talent',
    );
    expect(early.reachedOn).toBe('2025-12-01');
  });
});

describe('Hangzhou', () => {
  it('高技能人才: 高级工 under 35 with 3 years at one employer and a home; at 35 no longer', () => {
    const base = { sameEmployerYears: 3, stableResidence: true, certificates: [skill(3)] };
    expect(route(evaluateCity('hangzhou', { ...base, age: 34 }), 'skilled-talent').status).toBe('eligible');
    expect(route(evaluateCity('hangzhou', { ...base, age: 35 }), 'skilled-talent').status).toBe('not_yet');
  });

  it('points: 30 + 15–30 + 24 + 12–20 + 10 + 40 = 131–154, ranked (2021 cut-off 160 as background)', () => {
    // age 30 → 30; insurance 5 yrs × 3–6 (0.25 vs 0.5 a month) = 15–30; renting 4 × 6 = 24; permit 4 × 3–5 = 12–20;
    // 高中 10; 三级 40
    const r = route(
      evaluateCity('hangzhou', {
        age: 30,
        socialInsuranceYears: 5,
        ownsHome: false,
        stableResidence: true,
        housingYears: 4,
        residencePermitYears: 4,
        education: 'high_school',
        certificates: [skill(3)],
      }),
      'points-settlement',
    );
    expect(r.total).toEqual({ min: 131, max: 154 });
    expect(r.status).toBe('unknown');
    expect(r.reasons![0]!.text).toContain('160');
  });

  it('a 四级 certificate has no Hangzhou value found, and the permit none either: 0', () => {
    const r = route(evaluateCity('hangzhou', { age: 30, certificates: [skill(4), permit] }), 'points-settlement');
    expect(itemPoints(r, 'skill-or-title').max).toBe(0);
  });
});
