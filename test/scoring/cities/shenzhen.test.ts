/**
 * Shenzhen, worked by hand from docs/policy/more-cities-notes.md §2 (all estimates): 居住社保迁户 (owned 1 a month =
 * 12 a year, rented 0.2 a month = 2.4 a year, insurance 0.3 per insurance a month = 18 a year; ranked), the talent
 * route in its 2021-draft and 2016 versions, and the partial 综合评价 table (100 points).
 */
import { describe, expect, it } from 'vitest';
import { evaluateCity, itemPoints, route, skill } from '../helpers.js';

const sz = (facts: Record<string, unknown>, id: string) => route(evaluateCity('shenzhen', facts), id);
const permit = { kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2021-01-01' };

describe('Shenzhen 居住社保迁户 (ranked)', () => {
  const base = { age: 40, sex: 'male', stableEmployment: true, socialInsuranceYears: 5, housingYears: 5 };
  it("the source's own examples: 5 years renting + 5 of insurance = 102; owning = 150", () => {
    // renting: 5 × 2.4 = 12, insurance 5 × 18 = 90 → 102; owning: 5 × 12 = 60 + 90 = 150
    const renting = sz({ ...base, ownsHome: false, stableResidence: true }, 'residence-insurance');
    expect(renting.total).toEqual({ min: 102, max: 102 });
    expect(renting.status).toBe('unknown');
    expect(renting.ranked).toBe(true);
    expect(sz({ ...base, ownsHome: true }, 'residence-insurance').total).toEqual({ min: 150, max: 150 });
  });

  it('age limit by sex: a woman of 52 may not apply, a man of 52 may', () => {
    const woman = sz({ ...base, age: 52, sex: 'female', ownsHome: true }, 'residence-insurance');
    expect(woman.status).toBe('not_yet');
    expect(woman.reasons!.map((r) => r.text).join()).toContain('女性须50岁以下');
    expect(sz({ ...base, age: 52, sex: 'male', ownsHome: true }, 'residence-insurance').status).toBe('unknown');
  });
});

describe('Shenzhen talent route: the newer draft is the value, the 2016 rule is named beside it', () => {
  it('高级工 at 30 with 3 years of insurance: no route in the 2021 draft; meets the 2016 rule, unconfirmed', () => {
    const facts = { talentCatalogOccupation: true, age: 30, socialInsuranceYears: 3, certificates: [skill(3)] };
    expect(sz(facts, 'talent-approval').status).toBe('not_yet');
    const old = sz(facts, 'talent-approval-2016');
    expect(old.status).toBe('unknown');
    expect(old.reasons![0]!.code).toBe('unconfirmed');
  });

  it('insurance years under the 2016 rule: 2 of 3 years → not yet, a year later', () => {
    const r = sz({ talentCatalogOccupation: true, age: 30, socialInsuranceYears: 2, certificates: [skill(3)] }, 'talent-approval-2016');
    expect(r.status).toBe('not_yet');
    expect(r.reachedOn).toBe('2026-06-01');
  });
});

describe('Shenzhen 积分类人才引进 (partial table, 100 points)', () => {
  it('紧缺 高级工 70 + insurance 5 × 3 = 15 + age 30 → 7.5 + same employer 2 years 10 = 102.5', () => {
    const r = sz(
      {
        talentCatalogOccupation: true,
        age: 30,
        socialInsuranceYears: 5,
        sameEmployerYears: 2,
        education: 'high_school',
        certificates: [skill(3)],
      },
      'points-talent',
    );
    expect(itemPoints(r, 'skill')).toEqual({ min: 70, max: 70 });
    expect(r.total).toEqual({ min: 102.5, max: 102.5 });
    expect(r.status).toBe('eligible');
    expect(r.certainty).toBe('estimated');
  });

  it('the 低压电工 permit scores nothing: 32.5 is below 100, but the table is incomplete, so unknown', () => {
    const r = sz(
      {
        talentCatalogOccupation: true,
        age: 30,
        socialInsuranceYears: 5,
        sameEmployerYears: 2,
        education: 'high_school',
        certificates: [permit],
      },
      'points-talent',
    );
    expect(r.total).toEqual({ min: 32.5, max: 32.5 });
    expect(r.status).toBe('unknown');
    expect(r.reasons![0]!.code).toBe('incomplete_table');
  });
});
