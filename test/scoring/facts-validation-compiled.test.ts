/**
 * validateFacts runs zod's compiled parser (CPU per turn); it must accept, refuse and word errors exactly as
 * the interpreted strict schema does, for well-formed and malformed facts alike.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { certificateSchema, factsSchema, validateFacts } from '../../src/scoring/index.js';
import { TODAY } from './helpers.js';

const interpreted = z.strictObject({
  ...factsSchema.shape,
  certificates: z.array(z.strictObject(certificateSchema.shape)).max(10, 'at most 10 certificates').optional(),
});

const anyValue = fc.oneof(
  fc.integer({ min: -5, max: 120 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.string({ maxLength: 12 }),
  fc.constant(undefined),
  fc.constant(null),
);
const certificate = fc.record(
  {
    kind: fc.oneof(fc.constantFrom('skill', 'special_operation', 'title'), anyValue),
    occupation: fc.oneof(fc.constantFrom('电工', '低压电工作业', ''), anyValue),
    level: fc.oneof(fc.integer({ min: 0, max: 6 }), anyValue),
    titleLevel: fc.constantFrom('junior', 'senior', 'expert'),
    issuedOn: fc.constantFrom('2020-05-01', '2020-5-1', '2030-01-01', '2020-02-30'),
    matchesJob: fc.oneof(fc.boolean(), anyValue),
    unknownField: anyValue,
  },
  { requiredKeys: [] },
);
const facts = fc.record(
  {
    age: fc.oneof(fc.integer({ min: 10, max: 90 }), anyValue),
    education: fc.constantFrom('bachelor_degree', 'none', 'phd'),
    socialInsuranceYears: fc.oneof(fc.integer({ min: -1, max: 60 }), anyValue),
    occupationYears: fc.double({ min: -1, max: 70, noNaN: true }),
    award: fc.constantFrom('none', 'city_special', 'gold'),
    seriousCrime: anyValue,
    certificates: fc.oneof(fc.array(certificate, { maxLength: 12 }), anyValue),
    notAFact: anyValue,
  },
  { requiredKeys: [] },
);

describe('validateFacts (compiled) against the interpreted schema', () => {
  it('accepts and refuses the same facts, and returns the same parsed facts', () => {
    fc.assert(
      fc.property(facts, (input) => {
        const reference = interpreted.safeParse(input, { reportInput: true });
        const checked = validateFacts(input, TODAY);
        if (!reference.success) expect(checked.ok).toBe(false);
        if (checked.ok) {
          expect(reference.success).toBe(true);
          // Same values and the same key order (the dialog confirms facts in that order).
          expect(JSON.stringify(checked.facts)).toBe(JSON.stringify(reference.data));
          expect(checked.facts).toStrictEqual(reference.data);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('words the errors of a malformed certificate list as before', () => {
    const input = { age: 200, certificates: [{ kind: 'skill', occupation: '', level: 9, extra: 1 }] };
    const v = validateFacts(input, TODAY);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.errors.map((e) => `${e.path} ${e.code}`)).toEqual([
        'age too_big',
        'certificates[0].occupation too_small',
        'certificates[0].level too_big',
        'certificates[0].extra unknown_field',
      ]);
    }
  });
});
