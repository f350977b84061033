/**
 * Dongguan, worked by hand from docs/policy/more-cities-notes.md §7: open settlement (2024: 居住证 1 year + insured),
 * 在职人才 skilled route (2024 ages: 技师+ <55, 高级工 <40, 中级工 <35 + 3 years of 养老; 2025 Dongguan-issued
 * certificates), subsidy 五级1000/四级1500/三级2000, 三级 on the list +30% = 2600.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCity, route, skill } from '../helpers.js';

const dg = (facts: Record<string, unknown>, id: string) => route(evaluateCity('dongguan', facts), id);
const permit = { kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2021-01-01' };

describe('Dongguan open settlement (2024)', () => {
  it('a permit held 1 year and insured through an employer: eligible; half a year: reached 6 months later', () => {
    const base = { stableEmployment: true, continuousInsuranceMonths: 3 };
    expect(dg({ ...base, residencePermitYears: 1 }, 'open-settlement').status).toBe('eligible');
    const r = dg({ ...base, residencePermitYears: 0.5 }, 'open-settlement');
    expect(r.status).toBe('not_yet');
    expect(r.reachedOn).toBe('2025-12-01');
  });
});

describe('Dongguan skilled talent (在职人才)', () => {
  const base = { stableEmployment: true, continuousInsuranceMonths: 12, shortageOccupation: true };
  it('age limit: a 高级工 at 39 may settle, at 40 not (under 40)', () => {
    expect(dg({ ...base, age: 39, certificates: [skill(3)] }, 'skilled-talent').status).toBe('eligible');
    const r = dg({ ...base, age: 40, certificates: [skill(3, { issuedWhileWorkingInCity: false })] }, 'skilled-talent');
    expect(r.status).toBe('not_yet');
  });

  it('insurance years: a 中级工 at 30 needs 3 years of unbroken 养老: 24 months → 12 months later', () => {
    const r = dg({ ...base, continuousInsuranceMonths: 24, age: 30, certificates: [skill(4)] }, 'skilled-talent');
    expect(r.status).toBe('not_yet');
    expect(r.reachedOn).toBe('2026-06-01');
  });

  it('the certificate must match the current post: unknown until asked', () => {
    const r = dg(
      { ...base, age: 30, certificates: [skill(3, { matchesJob: undefined, issuedWhileWorkingInCity: undefined })] },
      'skilled-talent',
    );
    expect(r.status).toBe('unknown');
    expect(r.missing).toContain('certificates[0].matchesJob');
  });

  it('the 低压电工 permit is not a skill level: neither the route nor the subsidy', () => {
    expect(dg({ ...base, age: 30, certificates: [permit] }, 'skilled-talent').status).toBe('not_yet');
    const s = dg(
      { insuredEmployee: true, socialInsuranceYears: 2, shortageOccupation: false, certificates: [permit] },
      'skill-upgrade-subsidy',
    );
    expect(s.status).toBe('not_yet');
    expect(s.reasons![0]!.code).toBe('no_qualifying_certificate');
  });
});

describe('Dongguan skill-upgrade subsidy', () => {
  it('三级 on the 紧缺急需 list: 2,000 × 1.3 = 2,600; not on it: 2,000; unconfirmed after 2025', () => {
    const on = dg(
      { insuredEmployee: true, socialInsuranceYears: 2, shortageOccupation: true, certificates: [skill(3)] },
      'skill-upgrade-subsidy',
    );
    expect(on.amount).toEqual({ min: 2600, max: 2600 });
    expect(on.status).toBe('unknown');
    expect(on.reasons![0]!.code).toBe('unconfirmed');
    const off = dg(
      { insuredEmployee: true, socialInsuranceYears: 2, shortageOccupation: false, certificates: [skill(3)] },
      'skill-upgrade-subsidy',
    );
    expect(off.amount).toEqual({ min: 2000, max: 2000 });
  });
});
