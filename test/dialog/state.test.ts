import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newState, parseState, serializeState, type DialogState } from '../../src/dialog/state.js';
import { loadDialogSpec } from '../../src/dialog/spec.js';
import { EDUCATION_LEVELS } from '../../src/scoring/facts.js';

const finished: DialogState = {
  ...newState(1_772_416_800_000),
  city: 'shanghai',
  facts: {
    age: 32,
    education: 'bachelor_degree',
    socialInsuranceYears: 5,
    occupationYears: 6,
    certificates: [
      { kind: 'skill', occupation: '电工', level: 4, issuedOn: '2020-05-01', issuedWhileWorkingInCity: true, matchesJob: true },
    ],
    shortageMajor: false,
    freshGraduate: false,
    award: 'none',
    spouseLocalHukouYears: 0,
    publicServiceYears: 0,
    remoteSuburbYears: 0,
    investmentTax100k: 0,
    entrepreneurTalent: false,
    falseMaterialRecords: 0,
    detentionRecords: 0,
    criminalRecords: 0,
    familyPlanningViolation: false,
    seriousCrime: false,
  },
  offered: ['cmd:compare', 'cmd:remind', 'q:certificates.matchesJob#0=true'],
  answered: ['city', 'certificates.issuedWhileWorkingInCity#0', 'certificates.matchesJob#0', 'bonus', 'deductions'],
  skipped: ['insuranceBaseAboveAverage'],
  pending: 'certificates.issuedOn#0',
  done: true,
};

describe('stored dialog state', () => {
  it('reads back exactly what was written', () => {
    expect(parseState(serializeState(finished))).toEqual(finished);
  });

  it('keeps a finished Shanghai intake well under 1 KB', () => {
    expect(Buffer.byteLength(serializeState(finished))).toBeLessThan(600);
  });

  it('round-trips any facts', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            age: fc.integer({ min: 16, max: 80 }),
            education: fc.constantFrom(...EDUCATION_LEVELS),
            socialInsuranceYears: fc.integer({ min: 0, max: 50 }),
          },
          { requiredKeys: [] },
        ),
        fc.array(fc.constantFrom(...loadDialogSpec().questions.map((q) => q.id)), { maxLength: 5 }),
        (facts, answered) => {
          const state = { ...newState(1000), facts, answered };
          expect(parseState(serializeState(state))).toEqual(state);
        },
      ),
    );
  });

  it('treats corrupt or foreign data as no session instead of failing the turn', () => {
    for (const raw of ['', '{', 'null', '[]', '{"v":2,"u":1}', '{"v":1}', '"text"']) expect(parseState(raw)).toBeNull();
    expect(parseState(null)).toBeNull();
  });
});
