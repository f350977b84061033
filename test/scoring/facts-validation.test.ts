/** validateFacts: unknown or contradictory input is refused with one clear error per field and a stable code. */
import { describe, expect, it } from 'vitest';
import { validateFacts } from '../../src/scoring/index.js';
import { TODAY } from './helpers.js';

function errors(input: unknown) {
  const v = validateFacts(input, TODAY);
  if (v.ok) throw new Error('expected errors');
  return v.errors;
}

describe('validateFacts', () => {
  it('accepts the documented facts', () => {
    const v = validateFacts(
      {
        age: 35,
        education: 'bachelor_degree',
        occupationYears: 10,
        socialInsuranceYears: 8,
        certificates: [
          { kind: 'skill', occupation: '电工', level: 3, issuedOn: '2020-01-01', issuedWhileWorkingInCity: true, matchesJob: true },
          { kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2019-05-01', lastReviewOn: '2022-05-01' },
        ],
      },
      TODAY,
    );
    expect(v.ok).toBe(true);
  });

  it('age 200 is too big, with the value given', () => {
    expect(errors({ age: 200 })).toEqual([{ path: 'age', code: 'too_big', message: 'must be at most 80 (got 200)' }]);
  });

  it('a 一级 certificate issued in the future is refused', () => {
    const e = errors({ certificates: [{ kind: 'skill', occupation: '电工', level: 1, issuedOn: '2030-01-01' }] });
    expect(e).toEqual([expect.objectContaining({ path: 'certificates[0].issuedOn', code: 'future_date' })]);
  });

  it('reports every bad field at once, including cross-field ones', () => {
    const e = errors({
      age: 200,
      education: 'phd',
      foo: 1,
      certificates: [{ kind: 'skill', occupation: '电工', level: 1, issuedOn: '2030-01-01' }],
    });
    expect(e.map((x) => `${x.path}:${x.code}`).sort()).toEqual(
      ['age:too_big', 'certificates[0].issuedOn:future_date', 'education:invalid_value', 'foo:unknown_field'].sort(),
    );
  });

  it('insurance years longer than a working life are refused', () => {
    expect(errors({ age: 30, socialInsuranceYears: 20 })).toEqual([
      expect.objectContaining({ path: 'socialInsuranceYears', code: 'exceeds_working_life' }),
    ]);
    expect(errors({ age: 20, occupationYears: 7 })).toEqual([
      expect.objectContaining({ path: 'occupationYears', code: 'exceeds_working_life' }),
    ]);
  });

  it('a skill certificate needs a level, a title a titleLevel', () => {
    expect(errors({ certificates: [{ kind: 'skill', occupation: '电工' }] })[0]).toMatchObject({
      path: 'certificates[0].level',
      code: 'required',
    });
    expect(errors({ certificates: [{ kind: 'title', occupation: '电气' }] })[0]).toMatchObject({
      path: 'certificates[0].titleLevel',
      code: 'required',
    });
    expect(errors({ certificates: [{ kind: 'skill', occupation: '电工', level: 6 }] })[0]).toMatchObject({
      path: 'certificates[0].level',
      code: 'too_big',
    });
  });

  it('a review before the issue date, and a date that does not exist, are refused', () => {
    expect(
      errors({
        certificates: [{ kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2020-01-01', lastReviewOn: '2019-01-01' }],
      })[0],
    ).toMatchObject({ path: 'certificates[0].lastReviewOn', code: 'before_issue' });
    expect(errors({ certificates: [{ kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2023-02-30' }] })[0]).toMatchObject({
      path: 'certificates[0].issuedOn',
      code: 'invalid_date',
    });
  });

  it('wrong types and non-objects', () => {
    expect(errors({ age: 'thirty' })[0]).toMatchObject({ path: 'age', code: 'invalid_type' });
    expect(errors([1, 2])[0]).toMatchObject({ path: '(facts)', code: 'invalid_type' });
    expect(errors({ certificates: [{ kind: 'skill', occupation: '电工', level: 3, color: 'red' }] })[0]).toMatchObject({
      path: 'certificates[0].color',
      code: 'unknown_field',
    });
  });

  it('a certificate issued before the holder could work is refused', () => {
    expect(errors({ age: 20, certificates: [{ kind: 'skill', occupation: '电工', level: 5, issuedOn: '2015-01-01' }] })[0]).toMatchObject({
      path: 'certificates[0].issuedOn',
      code: 'before_working_age',
    });
  });
});
