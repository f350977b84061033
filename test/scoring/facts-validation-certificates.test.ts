/** Cross-field checks of certificates when another certificate is invalid on its own: each is checked at its index. */
import { describe, expect, it } from 'vitest';
import { validateFacts } from '../../src/scoring/index.js';
import { TODAY } from './helpers.js';

describe('validateFacts with several certificates', () => {
  it('an invalid first certificate does not hide the date check of the second', () => {
    const v = validateFacts(
      {
        age: 30,
        certificates: [
          { kind: 'skill', occupation: '电工', level: 9 },
          { kind: 'skill', occupation: '焊工', level: 4, issuedOn: '2099-01-01' },
        ],
      },
      TODAY,
    );
    expect(v.ok).toBe(false);
    const codes = v.ok ? [] : v.errors.map((e) => `${e.path}:${e.code}`);
    expect(codes).toContain('certificates[1].issuedOn:future_date');
    expect(codes.some((c) => c.startsWith('certificates[0].level:'))).toBe(true);
  });

  it('checks every certificate: a permit has no level, a title needs its grade', () => {
    const v = validateFacts(
      {
        certificates: [
          { kind: 'special_operation', occupation: '低压电工作业', level: 4 },
          { kind: 'title', occupation: '电气工程' },
        ],
      },
      TODAY,
    );
    const codes = v.ok ? [] : v.errors.map((e) => `${e.path}:${e.code}`);
    expect(codes.sort()).toEqual(['certificates[0].level:not_applicable', 'certificates[1].titleLevel:required']);
  });
});
