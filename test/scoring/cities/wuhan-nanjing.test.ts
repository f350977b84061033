/**
 * Wuhan (docs/policy/more-cities-notes.md §11: fixed 75 points, 2021+ values, education and skill only as caps) and
 * Nanjing (§12: talent route for 三级+, six open districts, points at 100 with most values not found).
 */
import { describe, expect, it } from 'vitest';
import { evaluateCity, itemPoints, route, skill } from '../helpers.js';

const wh = (facts: Record<string, unknown>) => route(evaluateCity('wuhan', facts), 'points-settlement');
const renter = { ownsHome: false, stableResidence: true, continuousInsuranceMonths: 24 };
const permit = { kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2021-01-01' };

describe('Wuhan 积分入户 (75 points)', () => {
  it('age 28 renting: 30 + 18 + 24 + 18 + 10 = 100 at least (skill 0–10): eligible', () => {
    // age 18–30 → 30; renting 3 × 6 = 18; insurance 4 × 6 = 24; 居住证 3 × 6 = 18; fund 2 × 5 = 10; 初中 0; 三级 0–10
    const r = wh({
      ...renter,
      age: 28,
      housingYears: 3,
      socialInsuranceYears: 4,
      residencePermitYears: 3,
      housingFundYears: 2,
      education: 'middle_school',
      certificates: [skill(3)],
    });
    expect(itemPoints(r, 'skill-or-title')).toEqual({ min: 0, max: 10 });
    expect(r.total).toEqual({ min: 100, max: 110 });
    expect(r.status).toBe('eligible');
  });

  it('age 42: 10 + 12 + 12 + 12 + 高中 0–30 + 三级 0–10 = 46–86 straddles 75: unknown', () => {
    const r = wh({
      ...renter,
      age: 42,
      housingYears: 2,
      socialInsuranceYears: 2,
      residencePermitYears: 2,
      housingFundYears: 0,
      education: 'high_school',
      certificates: [skill(3)],
    });
    expect(r.total).toEqual({ min: 46, max: 86 });
    expect(r.status).toBe('unknown');
    expect(r.reasons![0]!.code).toBe('range_straddles_threshold');
  });

  it('retirement age: a woman of 56 may not apply, a man of 56 may; the permit earns nothing', () => {
    const base = {
      ...renter,
      housingYears: 10,
      socialInsuranceYears: 10,
      residencePermitYears: 10,
      housingFundYears: 0,
      education: 'middle_school',
    };
    expect(wh({ ...base, age: 56, sex: 'female', certificates: [permit] }).status).toBe('not_yet');
    const man = wh({ ...base, age: 56, sex: 'male', certificates: [permit] });
    // 60 + 60 + 60 (each capped at 60), age over 45 → 0, permit 0 → 180
    expect(man.total).toEqual({ min: 180, max: 180 });
    expect(man.status).toBe('eligible');
  });
});

describe('Nanjing', () => {
  it('三级 (高级工) is a talent route on its own (no age or insurance stated); the permit is not', () => {
    expect(route(evaluateCity('nanjing', { certificates: [skill(3)] }), 'talent').status).toBe('eligible');
    expect(route(evaluateCity('nanjing', { education: 'high_school', certificates: [permit] }), 'talent').status).toBe('not_yet');
  });

  it('大专 at 38 needs 6 unbroken months: 3 → 2025-09-01', () => {
    const r = route(
      evaluateCity('nanjing', { education: 'junior_college', age: 38, continuousInsuranceMonths: 3, certificates: [skill(4)] }),
      'talent',
    );
    expect(r.status).toBe('not_yet');
    expect(r.reachedOn).toBe('2025-09-01');
  });

  it('points: 本科 80 is below 100, but SI and residence values were not found: unknown, not "not yet"', () => {
    const r = route(
      evaluateCity('nanjing', { education: 'bachelor', stableEmployment: true, socialInsuranceYears: 2 }),
      'points-settlement',
    );
    expect(r.total).toEqual({ min: 80, max: 80 });
    expect(r.status).toBe('unknown');
    expect(r.reasons![0]!.code).toBe('incomplete_table');
  });
});
