/**
 * Zhengzhou (the 2023 rule of docs/policy/sources-notes.md §5.1, newer than the 2019 rule of more-cities-notes §14)
 * and Chongqing's core districts (more-cities-notes §13; subsidies of sources-notes §5.6).
 */
import { describe, expect, it } from 'vitest';
import { evaluateCity, route, skill } from '../helpers.js';

describe('Zhengzhou open settlement (2023)', () => {
  it('renting with no insurance at all is enough since 2023 (2019 asked for 6 months or a year of renting)', () => {
    const r = route(
      evaluateCity('zhengzhou', { stableResidence: true, stableEmployment: false, socialInsuranceYears: 0 }),
      'open-settlement',
    );
    expect(r.status).toBe('eligible');
    expect(r.notes!.join()).toContain('2019');
  });

  it('neither a job nor a residence: not yet; a permit is no skill certificate for the subsidy', () => {
    const result = evaluateCity('zhengzhou', {
      stableResidence: false,
      stableEmployment: false,
      insuredEmployee: true,
      socialInsuranceYears: 2,
      certificates: [{ kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2021-01-01' }],
    });
    expect(route(result, 'open-settlement').status).toBe('not_yet');
    expect(route(result, 'skill-upgrade-subsidy').status).toBe('not_yet');
  });
});

describe('Chongqing core districts', () => {
  it('insurance years: 3 years of work and insurance; 2.5 years → reached 6 months later', () => {
    expect(route(evaluateCity('chongqing', { stableEmployment: true, socialInsuranceYears: 3 }), 'work-settlement').status).toBe(
      'eligible',
    );
    const r = route(evaluateCity('chongqing', { stableEmployment: true, socialInsuranceYears: 2.5 }), 'work-settlement');
    expect(r.status).toBe('not_yet');
    expect(r.reachedOn).toBe('2025-12-01');
  });

  it('高级工 working in Chongqing is a talent category, but a minimum period is unknown: never "eligible"', () => {
    const r = route(evaluateCity('chongqing', { stableEmployment: true, certificates: [skill(3)] }), 'skilled-talent');
    expect(r.status).toBe('unknown');
    expect(r.reasons![0]!.code).toBe('unconfirmed');
    const mid = route(evaluateCity('chongqing', { stableEmployment: true, certificates: [skill(4)] }), 'skilled-talent');
    expect(mid.status).toBe('not_yet');
  });

  it('the city-wide subsidy: 三级 from 2023 pays 2,000 (2,500 if very short-staffed)', () => {
    const r = route(
      evaluateCity('chongqing', {
        insuredEmployee: true,
        acuteShortageOccupation: false,
        certificates: [skill(3, { issuedOn: '2023-03-01' })],
      }),
      'skill-upgrade-subsidy',
    );
    expect(r.amount).toEqual({ min: 2000, max: 2000 });
    expect(r.status).toBe('eligible');
  });
});
