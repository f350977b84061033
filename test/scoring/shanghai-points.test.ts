/**
 * Shanghai residence-permit points, worked by hand from docs/policy/sources-notes.md §1 (沪府发〔2017〕98号):
 * age 56–60 → 5, +2 per year younger, cap 30; education 大专50/本科60/本科+学位90/硕士100/博士110;
 * skill 五级15/四级30/三级60/二级100/一级140 (中级职称100, 高级职称140), the higher of education and skill;
 * 3 per full insured year; bonus items; deductions −150/−50/−150; vetoes; standard 120; 6 months' insurance first.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCity, itemPoints, route, skill } from './helpers.js';

const sh = (facts: Record<string, unknown>) => route(evaluateCity('shanghai', facts), 'residence-points');

describe('Shanghai points: basic indicators', () => {
  it('bachelor with degree beats a 三级 certificate; total 135 is eligible', () => {
    // age 32 → 30 (≤43 caps at 30); 本科+学位 90 vs 三级 60 → 90; 5 yrs × 3 = 15; total 135 ≥ 120
    const r = sh({ age: 32, education: 'bachelor_degree', socialInsuranceYears: 5, certificates: [skill(3)] });
    expect(r.total).toEqual({ min: 135, max: 135 });
    expect(r.status).toBe('eligible');
    expect(r.eligible).toBe(true);
    expect(r.threshold).toBe(120);
    expect(r.items!.map((i) => i.id)).toEqual(['age', 'education', 'social-insurance-years']);
    expect(r.items!.find((i) => i.id === 'education')!.note).toContain('专业技术职称和技能等级60分');
  });

  it('age 44 scores 29 and a 大专 scores 50: 109 is 11 short', () => {
    // 56 → 5; 44 is 12 years younger → 5 + 2×12 = 29; 大专 50; 10 yrs × 3 = 30; 29 + 50 + 30 = 109; gap 11
    const r = sh({ age: 44, education: 'junior_college', socialInsuranceYears: 10, certificates: [] });
    expect(itemPoints(r, 'age')).toEqual({ min: 29, max: 29 });
    expect(r.total).toEqual({ min: 109, max: 109 });
    expect(r.status).toBe('not_yet');
    expect(r.gap).toEqual({ min: 11, max: 11 });
  });

  it('age 58 scores 5, age 61 scores nothing (the table ends at 60)', () => {
    expect(itemPoints(sh({ age: 58, socialInsuranceYears: 1 }), 'age')).toEqual({ min: 5, max: 5 });
    expect(itemPoints(sh({ age: 61, socialInsuranceYears: 1 }), 'age')).toEqual({ min: 0, max: 0 });
  });

  it('a 四级 certificate counts 30 where education counts nothing', () => {
    // age 30 → 30; 高中 0 vs 四级 30 → 30; 6 × 3 = 18; total 78
    const r = sh({ age: 30, education: 'high_school', socialInsuranceYears: 6, certificates: [skill(4)] });
    expect(itemPoints(r, 'skill-or-title')).toEqual({ min: 30, max: 30 });
    expect(r.total).toEqual({ min: 78, max: 78 });
    expect(r.gap).toEqual({ min: 42, max: 42 });
  });

  it('only full insured years count: 4.9 years → 4 × 3 = 12', () => {
    expect(itemPoints(sh({ age: 30, socialInsuranceYears: 4.9 }), 'social-insurance-years')).toEqual({ min: 12, max: 12 });
  });

  it('一级 (140) beats a doctorate (110), and only one of the two counts', () => {
    // age 40 → 30; 博士 110 vs 一级 140 (base condition met) → 140; 2 × 3 = 6; total 176
    const r = sh({ age: 40, education: 'doctor', socialInsuranceYears: 2, insuranceBaseAboveAverage: true, certificates: [skill(1)] });
    expect(r.items!.filter((i) => i.id === 'education' || i.id === 'skill-or-title')).toHaveLength(1);
    expect(itemPoints(r, 'skill-or-title')).toEqual({ min: 140, max: 140 });
    expect(r.total).toEqual({ min: 176, max: 176 });
  });
});

describe('Shanghai points: conditions on the skill item', () => {
  const base = { age: 30, education: 'high_school', socialInsuranceYears: 2 };
  it('a certificate obtained outside Shanghai scores nothing', () => {
    expect(itemPoints(sh({ ...base, certificates: [skill(3, { issuedWhileWorkingInCity: false })] }), 'skill-or-title').max).toBe(0);
  });

  it('a certificate not matching the job scores nothing', () => {
    expect(itemPoints(sh({ ...base, certificates: [skill(3, { matchesJob: false })] }), 'skill-or-title').max).toBe(0);
  });

  it('an unknown condition scores nothing and is reported missing', () => {
    const r = sh({ ...base, certificates: [skill(3, { matchesJob: undefined })] });
    expect(itemPoints(r, 'skill-or-title').max).toBe(0);
    expect(r.missing).toContain('certificates[0].matchesJob');
    expect(r.status).toBe('unknown');
  });

  it('only occupations on the catalog score: 焊工 (no. 30) yes, 水电工 no', () => {
    expect(itemPoints(sh({ ...base, certificates: [skill(3, { occupation: '焊工' })] }), 'skill-or-title').max).toBe(60);
    expect(itemPoints(sh({ ...base, certificates: [skill(3, { occupation: '水电工' })] }), 'skill-or-title').max).toBe(0);
  });

  it('二级 scores 100 only with the insurance-base condition (without it: 三级 60, our stated assumption)', () => {
    expect(itemPoints(sh({ ...base, insuranceBaseAboveAverage: true, certificates: [skill(2)] }), 'skill-or-title').max).toBe(100);
    expect(itemPoints(sh({ ...base, insuranceBaseAboveAverage: true, certificates: [skill(1)] }), 'skill-or-title').max).toBe(140);
    expect(itemPoints(sh({ ...base, insuranceBaseAboveAverage: false, certificates: [skill(1)] }), 'skill-or-title').max).toBe(60);
    const unknown = sh({ ...base, certificates: [skill(2)] });
    expect(itemPoints(unknown, 'skill-or-title').max).toBe(60);
    expect(unknown.missing).toContain('insuranceBaseAboveAverage');
    expect(unknown.status).toBe('unknown');
  });

  it('a 二级 without the base condition leaves a held 三级 counting 60', () => {
    const r = sh({ ...base, insuranceBaseAboveAverage: false, certificates: [skill(2), skill(3)] });
    expect(itemPoints(r, 'skill-or-title').max).toBe(60);
  });

  it('titles: 中级 100 and 高级 140 with the base condition, 初级 nothing', () => {
    const title = (titleLevel: string) => ({
      kind: 'title',
      occupation: '电气工程',
      titleLevel,
      issuedWhileWorkingInCity: true,
      matchesJob: true,
    });
    expect(itemPoints(sh({ ...base, insuranceBaseAboveAverage: true, certificates: [title('intermediate')] }), 'skill-or-title').max).toBe(
      100,
    );
    expect(itemPoints(sh({ ...base, insuranceBaseAboveAverage: true, certificates: [title('senior')] }), 'skill-or-title').max).toBe(140);
    expect(itemPoints(sh({ ...base, insuranceBaseAboveAverage: true, certificates: [title('junior')] }), 'skill-or-title').max).toBe(0);
  });

  it('a special-operation permit earns no skill points', () => {
    const permit = { kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2022-01-01' };
    expect(itemPoints(sh({ ...base, certificates: [permit] }), 'skill-or-title').max).toBe(0);
  });
});

describe('Shanghai points: bonus items and caps', () => {
  const base = { age: 30, education: 'bachelor', socialInsuranceYears: 3 }; // 30 + 60 + 9 = 99
  it('insurance base tiers: 1–2× → 50, 3× → 120', () => {
    expect(sh({ ...base, insuranceBaseTier: '100_200' }).total).toEqual({ min: 149, max: 149 });
    expect(itemPoints(sh({ ...base, insuranceBaseTier: 'at_300' }), 'insurance-base').max).toBe(120);
    expect(itemPoints(sh({ ...base, insuranceBaseTier: 'below_80' }), 'insurance-base').max).toBe(0);
  });

  it('shortage major 30, fresh graduate 10, provincial award 110, entrepreneur 120', () => {
    expect(itemPoints(sh({ ...base, shortageMajor: true }), 'shortage-major').max).toBe(30);
    expect(itemPoints(sh({ ...base, freshGraduate: true }), 'fresh-graduate').max).toBe(10);
    expect(itemPoints(sh({ ...base, award: 'provincial_or_national' }), 'award').max).toBe(110);
    expect(itemPoints(sh({ ...base, award: 'city_special' }), 'award').max).toBe(30);
    expect(itemPoints(sh({ ...base, entrepreneurTalent: true }), 'entrepreneur-talent').max).toBe(120);
  });

  it('remote suburbs: nothing before 5 years, 2 a year, cap 20', () => {
    expect(itemPoints(sh({ ...base, remoteSuburbYears: 4 }), 'remote-suburb').max).toBe(0);
    expect(itemPoints(sh({ ...base, remoteSuburbYears: 7 }), 'remote-suburb').max).toBe(14); // 7 × 2
    expect(itemPoints(sh({ ...base, remoteSuburbYears: 12 }), 'remote-suburb').max).toBe(20); // 24 capped at 20
  });

  it('public service: nothing before 5 years, then 4 a year', () => {
    expect(itemPoints(sh({ ...base, publicServiceYears: 4 }), 'public-service').max).toBe(0);
    expect(itemPoints(sh({ ...base, publicServiceYears: 6 }), 'public-service').max).toBe(24);
  });

  it('spouse with Shanghai hukou: 4 a year, cap 40; investment tax 10 per 100k, cap 120', () => {
    expect(itemPoints(sh({ ...base, spouseLocalHukouYears: 12 }), 'spouse-local-hukou').max).toBe(40); // 48 → 40
    expect(itemPoints(sh({ ...base, spouseLocalHukouYears: 3 }), 'spouse-local-hukou').max).toBe(12);
    expect(itemPoints(sh({ ...base, investmentTax100k: 15 }), 'investment-tax').max).toBe(120); // 150 → 120
  });
});

describe('Shanghai points: deductions, vetoes, prerequisite, missing facts', () => {
  const strong = { age: 30, education: 'doctor', socialInsuranceYears: 5, certificates: [] }; // 30 + 110 + 15 = 155
  it('deductions: false material −150, detention −50 each, crime −150', () => {
    expect(sh({ ...strong, detentionRecords: 2 }).total).toEqual({ min: 55, max: 55 }); // 155 − 100
    const r = sh({ ...strong, falseMaterialRecords: 1, criminalRecords: 1 }); // 155 − 300 = −145
    expect(r.total).toEqual({ min: -145, max: -145 });
    expect(r.items!.filter((i) => i.group === 'deduction').map((i) => i.points.min)).toEqual([-150, -150]);
    expect(r.status).toBe('not_yet');
  });

  it('a veto makes the route not_yet whatever the total', () => {
    const r = sh({ ...strong, seriousCrime: true });
    expect(r.total!.min).toBe(155);
    expect(r.status).toBe('not_yet');
    expect(r.vetoed).toBe(true);
    expect(r.reasons!.map((x) => x.code)).toContain('vetoed');
  });

  it('less than 6 months of insurance: not yet, whatever the total', () => {
    // 30 + 110 + 0 = 140 ≥ 120, but 0.4 years < 0.5
    const r = sh({ age: 30, education: 'doctor', socialInsuranceYears: 0.4 });
    expect(r.total).toEqual({ min: 140, max: 140 });
    expect(r.status).toBe('not_yet');
    expect(r.reasons![0]!.code).toBe('prerequisite_failed');
  });

  it('a core fact not given scores nothing, is listed missing, and the status is unknown', () => {
    const r = sh({ education: 'bachelor', socialInsuranceYears: 3, certificates: [] });
    expect(r.total).toEqual({ min: 69, max: 69 }); // 60 + 9, age absent
    expect(r.missing![0]).toBe('age');
    expect(r.status).toBe('unknown');
  });

  it('a fact both the 6-month prerequisite and the insurance indicator need is listed missing once', () => {
    // §1.3: the insurance years score 3 per year and decide the 6 months' prerequisite: one question, one entry.
    const r = sh({ age: 45, certificates: [skill(4)] });
    const insurance = r.missing!.filter((path) => path === 'socialInsuranceYears');
    expect(insurance).toEqual(['socialInsuranceYears']);
    expect(new Set(r.missing).size).toBe(r.missing!.length);
  });

  it('already eligible stays eligible though optional facts are missing', () => {
    const r = sh({ age: 30, education: 'doctor', socialInsuranceYears: 1, certificates: [] }); // 30 + 110 + 3 = 143
    expect(r.status).toBe('eligible');
    expect(r.missing).toContain('seriousCrime');
  });
});

describe('Shanghai: when you get there', () => {
  it('counts the age points lost while insurance years grow', () => {
    // now: age 30 → 30, 四级 30, 4 yrs → 12: 72. After k years: age(30+k) + 30 + 3(4+k).
    // k=20: age 50 → 17, 17 + 30 + 72 = 119; k=21: age 51 → 15, 15 + 30 + 75 = 120 → 2046-06-01
    const r = sh({ age: 30, education: 'high_school', socialInsuranceYears: 4, certificates: [skill(4)] });
    expect(r.status).toBe('not_yet');
    expect(r.reachedOn).toBe('2046-06-01');
  });

  it('a fraction of a year reaches the next whole year first', () => {
    // age 40 → 30, 博士 110? no: 本科 60, 9.5 yrs → 27: 117. At 10 yrs (6 months) → 30 + 60 + 30 = 120
    const r = sh({ age: 40, education: 'bachelor', socialInsuranceYears: 9.5, certificates: [] });
    expect(r.total).toEqual({ min: 117, max: 117 });
    expect(r.reachedOn).toBe('2025-12-01');
  });

  it('never within 40 years is null (a deduction is assumed to persist: stated to the user)', () => {
    // age 60 → 5, no education points, 1 yr → 3; age points fall to 0 next year (over 60 scores 0: our reading, a
    // route note says so), 3 a year: 0 + 3(1+k) ≥ 120 needs k = 39 → 2064, within 40 years. With −150 for false
    // material it is never reached. §1.5 counts that record only "within 3 years": the projection does NOT model the
    // expiry — our assumption, which the deduction item's note states where the user sees it (audit 3g).
    const r = sh({ age: 60, education: 'none', socialInsuranceYears: 1, falseMaterialRecords: 1, certificates: [] });
    expect(r.reachedOn).toBeNull();
    const deduction = r.items!.find((i) => i.id === 'false-material')!;
    expect(deduction.points).toEqual({ min: -150, max: -150 });
    expect(deduction.note).toContain('假设这项减分一直保留');
    expect(r.notes!.join()).toContain('61岁及以上本工具按0分计');
  });
});
