/** Properties over random valid facts, for every city: totals add up, ranges are ordered, caps hold, higher never lowers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EDUCATION_LEVELS, evaluate, type Certificate, type Facts } from '../../src/scoring/index.js';
import { rules, TODAY } from './helpers.js';

const certificate: fc.Arbitrary<Certificate> = fc.oneof(
  fc.record({
    kind: fc.constant('skill' as const),
    occupation: fc.constantFrom('电工', '焊工', '水电工'),
    level: fc.integer({ min: 1, max: 5 }),
    issuedOn: fc.option(fc.constantFrom('2016-05-01', '2019-01-01', '2024-12-31'), { nil: undefined }),
    issuedWhileWorkingInCity: fc.option(fc.boolean(), { nil: undefined }),
    matchesJob: fc.option(fc.boolean(), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('special_operation' as const),
    occupation: fc.constant('低压电工作业'),
    issuedOn: fc.constant('2021-01-01'),
  }),
  fc.record({
    kind: fc.constant('title' as const),
    occupation: fc.constant('电气工程'),
    titleLevel: fc.constantFrom('junior' as const, 'intermediate' as const, 'senior' as const),
    issuedWhileWorkingInCity: fc.boolean(),
    matchesJob: fc.boolean(),
  }),
);

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const facts: fc.Arbitrary<Facts> = fc
  .record({
    age: opt(fc.integer({ min: 40, max: 80 })),
    education: opt(fc.constantFrom(...EDUCATION_LEVELS)),
    certificates: opt(fc.array(certificate, { maxLength: 3 })),
    occupationYears: opt(fc.integer({ min: 0, max: 26 })),
    socialInsuranceYears: opt(fc.double({ min: 0, max: 24, noNaN: true })),
    insuranceBaseAboveAverage: opt(fc.boolean()),
    insuranceBaseTier: opt(fc.constantFrom('below_80' as const, '80_100' as const, 'at_300' as const)),
    stableEmployment: opt(fc.boolean()),
    stableResidence: opt(fc.boolean()),
    insuredEmployee: opt(fc.boolean()),
    shortageOccupation: opt(fc.boolean()),
    acuteShortageOccupation: opt(fc.boolean()),
    remoteSuburbYears: opt(fc.integer({ min: 0, max: 24 })),
    spouseLocalHukouYears: opt(fc.integer({ min: 0, max: 40 })),
    investmentTax100k: opt(fc.double({ min: 0, max: 100, noNaN: true })),
    detentionRecords: opt(fc.integer({ min: 0, max: 3 })),
    seriousCrime: opt(fc.boolean()),
  })
  .map((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as Facts);

const all = (f: Facts) => rules.cities.map((city) => evaluate(f, city, TODAY, rules.national));

describe('scoring properties', () => {
  it('total = sum of items, min ≤ max everywhere, eligible iff status eligible', () => {
    fc.assert(
      fc.property(facts, (f) => {
        for (const result of all(f)) {
          for (const r of result.routes) {
            expect(r.eligible).toBe(r.status === 'eligible');
            if (r.amount) expect(r.amount.min).toBeLessThanOrEqual(r.amount.max);
            if (!r.total) continue;
            const sum = r.items!.reduce((s, i) => ({ min: s.min + i.points.min, max: s.max + i.points.max }), { min: 0, max: 0 });
            expect(r.total).toEqual(sum);
            expect(r.total.min).toBeLessThanOrEqual(r.total.max);
            for (const i of r.items!) expect(i.points.min).toBeLessThanOrEqual(i.points.max);
            if (r.gap) expect(r.gap.min).toBeGreaterThanOrEqual(0);
          }
          for (const n of result.next) if (n.gain) expect(n.gain.min).toBeLessThanOrEqual(n.gain.max);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('Shanghai caps hold: age ≤ 30, education/skill ≤ 140, remote suburbs ≤ 20, spouse ≤ 40, investment ≤ 120', () => {
    const caps: Record<string, number> = {
      age: 30,
      education: 110,
      'skill-or-title': 140,
      'remote-suburb': 20,
      'spouse-local-hukou': 40,
      'investment-tax': 120,
      'insurance-base': 120,
    };
    fc.assert(
      fc.property(facts, (f) => {
        const r = evaluate(f, rules.byId('shanghai')!, TODAY, rules.national).routes[0]!;
        for (const item of r.items!) if (caps[item.id] !== undefined) expect(item.points.max).toBeLessThanOrEqual(caps[item.id]!);
      }),
      { numRuns: 200 },
    );
  });

  it('a higher certificate never lowers a total or an amount', () => {
    fc.assert(
      fc.property(facts, fc.nat(2), (f, which) => {
        const certs = f.certificates ?? [];
        const idx = certs.findIndex((c, i) => c.kind === 'skill' && c.level! > 1 && i >= which % Math.max(1, certs.length));
        if (idx < 0) return;
        const higher = { ...f, certificates: certs.map((c, i) => (i === idx ? { ...c, level: c.level! - 1 } : c)) };
        const before = all(f);
        const after = all(higher);
        before.forEach((b, ci) => {
          b.routes.forEach((r, ri) => {
            const a = after[ci]!.routes[ri]!;
            if (r.total) {
              expect(a.total!.min).toBeGreaterThanOrEqual(r.total.min);
              expect(a.total!.max).toBeGreaterThanOrEqual(r.total.max);
            }
          });
        });
      }),
      { numRuns: 150 },
    );
  });
});
