/**
 * Suzhou, worked by hand from docs/policy/more-cities-notes.md §5: the 2024 talent rules (三级 ≤40 + 3 months of
 * unbroken insurance, 二级 ≤45, 一级 ≤50, occupation on the 141-occupation catalog) and the 2018–2019 points values.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCity, itemPoints, route, skill } from '../helpers.js';

const talent = (facts: Record<string, unknown>) => route(evaluateCity('suzhou', facts), 'skilled-talent');
const base = { talentCatalogOccupation: true, stableEmployment: true, continuousInsuranceMonths: 3 };

describe('Suzhou skilled talent (2024)', () => {
  it('age limit: 三级 up to 40 (was 35), not 41', () => {
    expect(talent({ ...base, age: 40, certificates: [skill(3)] }).status).toBe('eligible');
    expect(talent({ ...base, age: 41, certificates: [skill(3)] }).status).toBe('not_yet');
  });

  it('insurance: 三级 needs 3 unbroken months: 2 → one month later; 二级 needs none', () => {
    const r = talent({ ...base, continuousInsuranceMonths: 2, age: 30, certificates: [skill(3)] });
    expect(r.status).toBe('not_yet');
    expect(r.reachedOn).toBe('2025-07-01');
    expect(talent({ ...base, continuousInsuranceMonths: 0, age: 44, certificates: [skill(2)] }).status).toBe('eligible');
  });

  it('off the catalog, or only a 低压电工 permit: not yet', () => {
    expect(talent({ ...base, talentCatalogOccupation: false, age: 30, certificates: [skill(3)] }).status).toBe('not_yet');
    expect(
      talent({ ...base, age: 30, certificates: [{ kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2021-01-01' }] })
        .status,
    ).toBe('not_yet');
  });
});

describe('Suzhou points (2018–2019 values, no threshold found)', () => {
  it('age 10 + 大专 30 + 三级 50 + 5 years × 60 + fund 3 × 5 = 405, unknown for want of a threshold', () => {
    const r = route(
      evaluateCity('suzhou', {
        age: 30,
        education: 'junior_college',
        socialInsuranceYears: 5,
        housingFundYears: 3,
        certificates: [skill(3)],
      }),
      'points-settlement',
    );
    expect(itemPoints(r, 'skill-or-title')).toEqual({ min: 50, max: 50 });
    expect(r.total).toEqual({ min: 405, max: 405 });
    expect(r.status).toBe('unknown');
    expect(r.reasons![0]!.code).toBe('no_threshold');
    expect(r.certainty).toBe('estimated');
  });
});
