/**
 * Beijing, worked by hand from docs/policy/more-cities-notes.md §3: 积分落户 ranked within a yearly quota of about
 * 6,000; 7 consecutive years of insurance; 3 a year of insurance, home 1 (owned) / 0.5 (rented) a year, education,
 * age ≤45 20; no skill item at all.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCity, route, skill } from '../helpers.js';

const bj = (facts: Record<string, unknown>) => route(evaluateCity('beijing', facts), 'points-settlement');
const base = { age: 35, continuousInsuranceMonths: 96, ownsHome: true, housingYears: 5, education: 'bachelor_degree' };

describe('Beijing 积分落户', () => {
  it('a 一级 certificate adds nothing: 64 points with or without it, and the route says so plainly', () => {
    // age ≤45 → 20; 96 months = 8 years × 3 = 24; owned 5 × 1 = 5; 本科+学士 15 → 64
    const withCert = bj({ ...base, certificates: [skill(1)] });
    const without = bj({ ...base, certificates: [] });
    expect(withCert.total).toEqual({ min: 64, max: 64 });
    expect(without.total).toEqual(withCert.total);
    expect(withCert.notes![0]).toContain('没有技能证书加分项');
    expect(withCert.status).toBe('unknown');
    expect(withCert.ranked).toBe(true);
    expect(withCert.reasons![0]!.text).toContain('6000');
  });

  it('renting counts 0.5 a year: 4 years → 2; 大专 10.5', () => {
    // 20 + 24 + 4 × 0.5 + 10.5 = 56.5
    const r = bj({ ...base, ownsHome: false, stableResidence: true, housingYears: 4, education: 'junior_college', certificates: [] });
    expect(r.total).toEqual({ min: 56.5, max: 56.5 });
  });

  it('7 consecutive years of insurance: 5 years → not yet, may apply 2 years later', () => {
    const r = bj({ ...base, continuousInsuranceMonths: 60, certificates: [] });
    expect(r.status).toBe('not_yet');
    expect(r.reasons![0]!.code).toBe('prerequisite_failed');
    expect(r.reachedOn).toBe('2027-06-01');
  });

  it('the next certificate brings no points in Beijing, only the subsidy', () => {
    const result = evaluateCity('beijing', { ...base, insuredEmployee: true, socialInsuranceYears: 8, certificates: [skill(4)] });
    const top = result.next[0]!;
    expect(top.gain?.max ?? 0).toBe(0);
    expect(top.estimatedAmount).toEqual({ min: 2000, max: 2000 });
  });
});
