/**
 * Foshan (docs/policy/more-cities-notes.md §9: ranked 新市民积分, one 2023 table) and Ningbo (§10: talent and
 * 居住就业 routes, the newer 6 months as the value).
 */
import { describe, expect, it } from 'vitest';
import { evaluateCity, itemPoints, route, skill } from '../helpers.js';

const fs = (facts: Record<string, unknown>) => route(evaluateCity('foshan', facts), 'points-settlement');
const permit = { kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2021-01-01' };

describe('Foshan 积分入户 (ranked within the quota)', () => {
  const owner = { continuousInsuranceMonths: 48, residencePermitYears: 3, ownsHome: true, ownedHomeArea: 90, socialInsuranceYears: 4 };
  it('a 三级 homeowner: 30 + 90 + 20 + 40 + 20 + 50 = 250, ranked', () => {
    // permit 3 × 10 = 30; 90 m² × 1 = 90; insurance in Guangdong 4 × 5 = 20 and in Foshan 4 × 10 = 40; 高中 20; 三级 50
    const r = fs({ ...owner, education: 'high_school', certificates: [skill(3)] });
    expect(r.total).toEqual({ min: 250, max: 250 });
    expect(r.status).toBe('unknown');
    expect(r.ranked).toBe(true);
  });

  it('insurance: 1 year unbroken needed; 8 months → 4 months later', () => {
    const r = fs({ ...owner, continuousInsuranceMonths: 8, education: 'high_school', certificates: [skill(3)] });
    expect(r.status).toBe('not_yet');
    expect(r.reachedOn).toBe('2025-10-01');
  });

  it('the 低压电工 permit earns nothing; renting counts 5 a year', () => {
    // permit 3 × 10 = 30; renting 2 × 5 = 10; 20 + 40; 高中 20 → 120
    const r = fs({
      ...owner,
      ownsHome: false,
      stableResidence: true,
      housingYears: 2,
      education: 'high_school',
      certificates: [permit],
    });
    expect(itemPoints(r, 'skill').max).toBe(0);
    expect(r.total).toEqual({ min: 120, max: 120 });
  });
});

describe('Ningbo', () => {
  it('中级工 with a contract and 6 months of insurance (the newer value; 2018 asked a year)', () => {
    const r = route(
      evaluateCity('ningbo', { stableEmployment: true, socialInsuranceYears: 0.5, certificates: [skill(4)] }),
      'skilled-talent',
    );
    expect(r.status).toBe('eligible');
    expect(r.certainty).toBe('estimated');
    expect(r.notes!.join()).toContain('1年');
  });

  it('insurance: 0.3 years → the 6 months come in 3 full months (2025-09-01); a permit is no 中级工', () => {
    const r = route(
      evaluateCity('ningbo', { stableEmployment: true, socialInsuranceYears: 0.3, certificates: [skill(4)] }),
      'skilled-talent',
    );
    expect(r.reachedOn).toBe('2025-09-01');
    expect(
      route(evaluateCity('ningbo', { stableEmployment: true, socialInsuranceYears: 1, certificates: [permit] }), 'skilled-talent').status,
    ).toBe('not_yet');
  });

  it('居住就业: 高中 and 2 years of work and insurance; 初中 does not qualify', () => {
    const ok = { stableEmployment: true, socialInsuranceYears: 2 };
    expect(route(evaluateCity('ningbo', { ...ok, education: 'high_school' }), 'residence-employment').status).toBe('eligible');
    expect(route(evaluateCity('ningbo', { ...ok, education: 'middle_school' }), 'residence-employment').status).toBe('not_yet');
  });
});
