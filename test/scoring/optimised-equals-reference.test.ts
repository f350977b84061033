/**
 * The fast path equals the straightforward one. evaluate() takes shortcuts whose equivalence is not obvious:
 * a next-certificate candidate re-scores only the certificate indicators of a points route on top of the base
 * total (routes that read no certificate keep their base result), reachedOn re-scores only the indicators that
 * read a growing fact, and compareCities shares sit dates between cities. evaluateReference() re-evaluates every
 * route in full for each candidate and each reachedOn step, with no shared cache. For random facts, in every
 * city, both must give the same result, field for field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateReference } from '../../src/scoring/evaluate.js';
import {
  AWARD_LEVELS,
  compareCities,
  EDUCATION_LEVELS,
  evaluate,
  INSURANCE_BASE_TIERS,
  SUBSIDY_TARGET_GROUPS,
  type Certificate,
  type Facts,
} from '../../src/scoring/index.js';
import { rules, TODAY } from './helpers.js';

/** Absent one time in four: absent facts are what the shortcuts must get right, but so are complete records. */
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 4 });
const mostlyTrue = opt(fc.constantFrom(true, true, true, false));
const date = fc.constantFrom('2012-02-29', '2016-05-01', '2017-01-01', '2019-01-01', '2021-03-01', '2023-08-31', '2025-05-31');

const certificate: fc.Arbitrary<Certificate> = fc.oneof(
  fc.record({
    kind: fc.constant('skill' as const),
    occupation: fc.constantFrom('电工', '维修电工', '焊工', '变电设备检修工'),
    level: fc.integer({ min: 1, max: 5 }),
    issuedOn: opt(date),
    issuedWhileWorkingInCity: mostlyTrue,
    matchesJob: mostlyTrue,
  }),
  fc.record({
    kind: fc.constant('special_operation' as const),
    occupation: fc.constantFrom('低压电工作业', '高压电工作业', '焊接与热切割作业'),
    issuedOn: opt(date),
  }),
  fc.record({
    kind: fc.constant('title' as const),
    occupation: fc.constant('电气工程'),
    titleLevel: fc.constantFrom('junior' as const, 'intermediate' as const, 'senior' as const),
    issuedWhileWorkingInCity: opt(fc.boolean()),
    matchesJob: opt(fc.boolean()),
  }),
);

const years = (max: number) =>
  fc.oneof(fc.integer({ min: 0, max }), fc.double({ min: 0, max, noNaN: true }), fc.constantFrom(0.25, 0.5, 1.5, 5.75));

const facts: fc.Arbitrary<Facts> = fc
  .record({
    age: opt(fc.integer({ min: 16, max: 80 })),
    education: opt(fc.constantFrom(...EDUCATION_LEVELS)),
    certificates: opt(fc.array(certificate, { maxLength: 3 })),
    occupationYears: opt(years(30)),
    socialInsuranceYears: opt(years(30)),
    insuranceBaseAboveAverage: opt(fc.boolean()),
    insuranceBaseTier: opt(fc.constantFrom(...INSURANCE_BASE_TIERS)),
    stableEmployment: opt(fc.boolean()),
    stableResidence: opt(fc.boolean()),
    ownsHome: opt(fc.boolean()),
    insuredEmployee: opt(fc.boolean()),
    shortageOccupation: opt(fc.boolean()),
    acuteShortageOccupation: opt(fc.boolean()),
    subsidyTargetGroup: opt(fc.constantFrom(...SUBSIDY_TARGET_GROUPS)),
    shortageMajor: opt(fc.boolean()),
    award: opt(fc.constantFrom(...AWARD_LEVELS)),
    remoteSuburbYears: opt(fc.integer({ min: 0, max: 24 })),
    spouseLocalHukouYears: opt(fc.integer({ min: 0, max: 40 })),
    publicServiceYears: opt(fc.integer({ min: 0, max: 10 })),
    detentionRecords: opt(fc.integer({ min: 0, max: 2 })),
    familyPlanningViolation: opt(fc.boolean()),
    seriousCrime: opt(fc.boolean()),
  })
  .map((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as Facts);

/** JSON round trip: compares what the CLI would print (shared frozen ranges and fresh objects look alike). */
const json = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

/** Complete records; each is also checked with every single fact removed (the "one fact missing" cases). */
const complete: Facts[] = [
  {
    age: 35,
    education: 'high_school',
    socialInsuranceYears: 4,
    occupationYears: 9,
    insuranceBaseAboveAverage: true,
    stableEmployment: true,
    insuredEmployee: true,
    acuteShortageOccupation: false,
    subsidyTargetGroup: 'none',
    shortageOccupation: true,
    stableResidence: true,
    certificates: [
      { kind: 'skill', occupation: '电工', level: 4, issuedOn: '2021-03-01', issuedWhileWorkingInCity: true, matchesJob: true },
    ],
  },
  {
    age: 26,
    education: 'technical_school',
    socialInsuranceYears: 1.5,
    occupationYears: 3,
    stableEmployment: false,
    certificates: [{ kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2023-04-01' }],
  },
  {
    age: 44,
    education: 'bachelor_degree',
    socialInsuranceYears: 6.5,
    occupationYears: 12,
    insuranceBaseAboveAverage: false,
    insuredEmployee: true,
    certificates: [
      { kind: 'skill', occupation: '维修电工', level: 2, issuedOn: '2016-05-01', issuedWhileWorkingInCity: true, matchesJob: true },
      { kind: 'title', occupation: '电气工程', titleLevel: 'intermediate', issuedWhileWorkingInCity: true, matchesJob: true },
    ],
  },
];

function withEachFactRemoved(f: Facts): Facts[] {
  return [f, ...Object.keys(f).map((key) => Object.fromEntries(Object.entries(f).filter(([k]) => k !== key)) as Facts)];
}

describe('optimised evaluation = straightforward reference', () => {
  it('complete records and each with one fact removed, every city', () => {
    for (const f of complete.flatMap(withEachFactRemoved)) {
      for (const city of rules.cities) {
        expect(json(evaluate(f, city, TODAY, rules.national))).toEqual(json(evaluateReference(f, city, TODAY, rules.national)));
      }
    }
  });

  it('evaluate() equals evaluateReference() in every city for random facts', () => {
    fc.assert(
      fc.property(facts, (f) => {
        for (const city of rules.cities) {
          expect(json(evaluate(f, city, TODAY, rules.national))).toEqual(json(evaluateReference(f, city, TODAY, rules.national)));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('compareCities() shares sit dates between cities without changing any city result', () => {
    fc.assert(
      fc.property(facts, (f) => {
        for (const row of compareCities(f, rules, TODAY).cities) {
          const city = rules.byId(row.city.id)!;
          expect(json(row.result)).toEqual(json(evaluateReference(f, city, TODAY, rules.national)));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the reference itself is not trivial: the generator reaches candidates, reachedOn dates and sit-now alternatives', () => {
    // Guards against a generator that never exercises the shortcuts (then the equality above would prove nothing).
    const seen = { candidates: 0, reachedOn: 0, alternatives: 0 };
    fc.assert(
      fc.property(facts, (f) => {
        const r = evaluateReference(f, rules.byId('shanghai')!, TODAY, rules.national);
        if (r.next.length > 1) seen.candidates++;
        if (r.routes.some((x) => typeof x.reachedOn === 'string')) seen.reachedOn++;
        if (r.next[0]?.sitNowAlternative) seen.alternatives++;
      }),
      { numRuns: 400, seed: 7 },
    );
    expect(seen.candidates).toBeGreaterThan(0);
    expect(seen.reachedOn).toBeGreaterThan(0);
    expect(seen.alternatives).toBeGreaterThan(0);
  });
});
