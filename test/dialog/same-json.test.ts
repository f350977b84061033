/** sameJson must agree with comparing the JSON texts, for facts and for anything else JSON can write. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameJson } from '../../src/dialog/same-json.js';

const json = (v: unknown) => JSON.stringify(v);

describe('sameJson', () => {
  it('agrees with JSON.stringify on arbitrary values and on near-copies of them', () => {
    const value = fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true, withDate: true, maxDepth: 3 });
    fc.assert(
      fc.property(value, value, (x, y) => {
        expect(sameJson(x, y)).toBe(json(x) === json(y));
        const copy = JSON.parse(json({ x }) ?? '{}').x as unknown;
        expect(sameJson(x, copy)).toBe(json(x) === json(copy));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with JSON.stringify on pairs of primitives, missing values and facts-like records', () => {
    // Small pools, so equal and nearly equal pairs (NaN and null, 0 and -0, 1 and "1") come up often.
    const primitive = fc.constantFrom<unknown>(
      undefined,
      null,
      0,
      -0,
      1,
      1.5,
      Number.NaN,
      Infinity,
      -Infinity,
      '',
      '1',
      'null',
      'true',
      true,
      false,
    );
    const value = fc.oneof(
      primitive,
      fc.dictionary(fc.constantFrom('age', 'education', 'level'), primitive, { maxKeys: 3 }),
      fc.array(primitive, { maxLength: 2 }),
      fc.constant(new Date(0)),
      fc.constant('1970-01-01T00:00:00.000Z'),
    );
    fc.assert(
      fc.property(value, value, (x, y) => {
        expect(sameJson(x, y)).toBe(json(x) === json(y));
      }),
      { numRuns: 5000 },
    );
  });

  it('treats facts by their JSON: key order counts, undefined values do not', () => {
    const cert = { kind: 'skill', occupation: '电工', level: 4 };
    expect(sameJson({ age: 30, certificates: [cert] }, { age: 30, certificates: [{ ...cert }] })).toBe(true);
    expect(sameJson({ age: 30, education: undefined }, { age: 30 })).toBe(true);
    expect(sameJson({ age: 30, education: 'none' }, { education: 'none', age: 30 })).toBe(false);
    expect(sameJson({ certificates: [cert] }, { certificates: [{ ...cert, level: 3 }] })).toBe(false);
    expect(sameJson([undefined], [null])).toBe(true);
    expect(sameJson({ n: Number.NaN }, { n: null })).toBe(true);
    expect(sameJson({ d: new Date(0) }, { d: '1970-01-01T00:00:00.000Z' })).toBe(true);
  });
});
