/**
 * Advice a counsellor would sign: what the next certificate brings under conditions not yet known, the first skill
 * certificate, the related-major sit dates, a certificate off the current job, open settlement, facts about one city,
 * projections within a working life, permit dates. Golden values worked by hand from docs/policy/sources-notes.md
 * (section named per test); the arithmetic is in the comments.
 */
import { describe, expect, it } from 'vitest';
import { compareCities, validateFacts, type Facts } from '../../src/scoring/index.js';
import { evaluateCity, route, rules, skill } from './helpers.js';

const permit = (extra: Record<string, unknown> = {}) => ({ kind: 'special_operation', occupation: '低压电工作业', ...extra });

describe('conditional gains: unknown is never no', () => {
  it('Shanghai 三级 holder, insurance base unknown: 二级 +40 前提是… (100 − 60), not "暂不加分"', () => {
    // §1.3: 三级 60, 二级 100 only with a base ≥ last year's average wage for 6 of the last 12 months (崇明区政府).
    // 高中 0, so the skill item counts: 100 − 60 = +40 if the base condition holds; 0 while it is unknown.
    // 30 (age ≤ 43) + 60 + 3 × 4 = 102; with 二级 under the condition: 142 ≥ 120.
    const r = evaluateCity('shanghai', {
      age: 30,
      education: 'high_school',
      socialInsuranceYears: 4,
      certificates: [skill(3, { issuedOn: '2015-01-01' })],
    });
    const top = r.next[0]!;
    expect(top.label).toBe('电工二级（技师）');
    expect(top.gain).toEqual({ min: 0, max: 0 });
    expect(top.conditionalGain).toEqual({ min: 40, max: 40 });
    expect(top.reachesThresholdIf).toBe(true);
    expect(top.missing).toContain('insuranceBaseAboveAverage');
    expect(top.explanation).toContain('可多得40分，前提是最近1年内有累计6个月社保缴费基数不低于本市上年度社平工资');
    expect(top.explanation).not.toContain('暂不加分');
  });

  it('the base condition known true: +40 outright; known false: no conditional gain, the condition named', () => {
    const base = { age: 30, education: 'high_school', socialInsuranceYears: 4, certificates: [skill(3, { issuedOn: '2015-01-01' })] };
    const yes = evaluateCity('shanghai', { ...base, insuranceBaseAboveAverage: true }).next[0]!;
    expect(yes.gain).toEqual({ min: 40, max: 40 });
    expect(yes.conditionalGain).toBeUndefined();
    const no = evaluateCity('shanghai', { ...base, insuranceBaseAboveAverage: false }).next[0]!;
    expect(no.gain).toEqual({ min: 0, max: 0 });
    expect(no.conditionalGain).toBeUndefined();
    expect(no.explanation).toContain('不满足时按较低等级计分');
  });
});

describe('the first skill certificate', () => {
  it('no certificate at all, Shanghai: 四级 +30 (6 years in the trade) and 五级 +15 (1 year), with the item conditions', () => {
    // §2.2: 五级 after 1 year in the trade; 四级 after 6 years (or 五级 + 4). occupationYears 2 → 五级 now,
    // 四级 in 4 years: 2025-06-01 + 4 years = 2029-06-01. §1.3: 五级 15, 四级 30, obtained while working in
    // Shanghai and matching the post.
    const r = evaluateCity('shanghai', {
      age: 28,
      education: 'high_school',
      socialInsuranceYears: 2,
      occupationYears: 2,
      certificates: [],
    });
    expect(r.next.map((n) => [n.label, n.reason, n.gain?.max, n.earliestDate])).toEqual([
      ['电工四级（中级工）', 'first_skill_certificate', 30, '2029-06-01'],
      ['电工五级（初级工）', 'first_skill_certificate', 15, '2025-06-01'],
    ]);
    expect(r.next[0]!.explanation).toContain('须在上海工作期间取得、与你的工作岗位对口');
    expect(r.next[0]!.explanation).toContain('现在就可以先考电工五级（初级工）（可多得15分）');
  });

  it('only a 低压电工 permit, years unknown: the first certificate is still recommended, the date waits for the years', () => {
    const r = evaluateCity('shanghai', {
      age: 28,
      education: 'high_school',
      socialInsuranceYears: 2,
      certificates: [permit({ issuedOn: '2023-05-01' })],
    });
    expect(r.next.map((n) => n.label)).toEqual(['电工四级（中级工）', '电工五级（初级工）']);
    expect(r.next[0]!.missing).toContain('occupationYears');
  });

  it('a 技工学校 graduate in a related major may sit 四级 now; an unrelated major waits for 6 years', () => {
    // §2.2 四级 (3): 技工学校 本专业/相关专业 diploma. occupationYears 1: otherwise 5 more years → 2030-06-01.
    const facts = { age: 20, education: 'technical_school', socialInsuranceYears: 1, occupationYears: 1, certificates: [] };
    const related = evaluateCity('shanghai', { ...facts, relatedMajor: true }).next.find((n) => n.certificate.level === 4)!;
    expect(related.canSitNow).toBe(true);
    const unrelated = evaluateCity('shanghai', { ...facts, relatedMajor: false }).next.find((n) => n.certificate.level === 4)!;
    expect(unrelated.earliestDate).toBe('2030-06-01');
  });
});

describe('the 大专 related-major route for 三级', () => {
  // §2.2 三级 (3): 大专+ in 本专业/相关专业 + 四级, then 2 years: 四级 2024-06-01 + 2 = 2026-06-01;
  // (1) 四级 + 5 years: 2029-06-01. Majors §2.1 (机电一体化, 电气自动化设备安装与维修 …).
  const facts = (extra: Record<string, unknown>) => ({
    age: 24,
    education: 'junior_college',
    socialInsuranceYears: 2,
    occupationYears: 2,
    certificates: [skill(4, { issuedOn: '2024-06-01' })],
    ...extra,
  });

  it('major unknown: 2029-06-01 for sure, 2026-06-01 if related, and the major is asked', () => {
    const top = evaluateCity('shanghai', facts({}), '2026-03-01').next[0]!;
    expect(top.earliestDate).toBe('2029-06-01');
    expect(top.ifRelatedMajor).toBe('2026-06-01');
    expect(top.missing).toContain('relatedMajor');
    expect(top.explanation).toContain('如果你的专业与电工对口（如机电一体化、电气自动化设备安装与维修），最早2026-06-01可以报考');
  });

  it('related major: 2026-06-01; unrelated: 2029-06-01 and nothing more asked', () => {
    const related = evaluateCity('shanghai', facts({ relatedMajor: true }), '2026-03-01').next[0]!;
    expect(related.earliestDate).toBe('2026-06-01');
    expect(related.sitBasis).toContain('大专及以上');
    const unrelated = evaluateCity('shanghai', facts({ relatedMajor: false }), '2026-03-01').next[0]!;
    expect(unrelated.earliestDate).toBe('2029-06-01');
    expect(unrelated.ifRelatedMajor).toBeUndefined();
    expect(unrelated.missing ?? []).not.toContain('relatedMajor');
  });
});

describe('a certificate for a job no longer done', () => {
  it('电工四级 that does not match the job (now a 保安): 三级 adds nothing there, +60 only in a matching post', () => {
    // §1.3: the certificate must match the post (与所聘岗位相符). 高中 0; the held 四级 does not count (0), a matching
    // 三级 would count 60 → +60, only if the post matches.
    const r = evaluateCity('shanghai', {
      age: 30,
      education: 'high_school',
      socialInsuranceYears: 4,
      occupationYears: 8,
      currentJob: '保安',
      certificates: [skill(4, { issuedOn: '2015-01-01', matchesJob: false })],
    });
    const top = r.next[0]!;
    expect(top.offJob).toBe(true);
    expect(top.gain).toEqual({ min: 0, max: 0 });
    expect(top.conditionalGain).toEqual({ min: 60, max: 60 });
    expect(top.explanation).toContain('只有在与电工对口的岗位上才计分（对口时上海市居住证积分可多得60分）');
  });
});

describe('open settlement: no certificate needed', () => {
  it('Xuchang: the open route reads no certificate; the advice leads with the (estimated) subsidy, not the seed points', () => {
    // §5.1: open settlement with a stable residence or job. more-cities-notes §15: 四级 up to 1,500 元 (estimate).
    const r = evaluateCity('xuchang', { stableResidence: true, occupationYears: 6, certificates: [] });
    expect(route(r, 'open-settlement').status).toBe('eligible');
    expect(route(r, 'open-settlement').noCertificateNeeded).toBe(true);
    const top = r.next[0]!;
    expect(top.gain).toBeUndefined(); // no main points route: the seed's estimate is never the primary
    expect(top.estimatedAmount).toEqual({ min: 1500, max: 1500 });
    expect(top.explanation!.split('；')[0]).toContain('失业保险技能提升补贴');
    expect(top.explanation!.split('；')[0]).not.toContain('积分');
  });
});

describe('facts about one city are never carried to another', () => {
  const xiamenFacts = { age: 30, education: 'high_school', socialInsuranceYears: 3, stableEmployment: true, certificates: [skill(4)] };
  const valid = (input: unknown): Facts => {
    const v = validateFacts(input, '2025-06-01');
    if (!v.ok) throw new Error('bad facts');
    return v.facts;
  };

  it('3 years of insurance in Xiamen: not eligible in Fuling, no 9 points in Shanghai', () => {
    // §5.6 Fuling: 2 years of work with insurance there; §1.3 Shanghai: 3 points per year insured in Shanghai.
    const c = compareCities(valid(xiamenFacts), rules, '2025-06-01', { city: 'xiamen' });
    const row = (id: string) => c.cities.find((x) => x.city.id === id)!.result;
    const fuling = route(row('fuling'), 'work-settlement');
    expect(fuling.status).toBe('unknown');
    expect(fuling.missing).toEqual(expect.arrayContaining(['stableEmployment', 'socialInsuranceYears']));
    const shanghai = route(row('shanghai'), 'residence-points');
    expect(shanghai.items?.find((i) => i.id === 'social-insurance-years')).toBeUndefined();
    expect(shanghai.missing).toContain('socialInsuranceYears');
    expect(shanghai.missing).toContain('certificates[0].issuedWhileWorkingInCity');
  });

  it("another city's own facts are used for it: 1 year in Shanghai given before → 3 points there", () => {
    const c = compareCities(valid(xiamenFacts), rules, '2025-06-01', {
      city: 'xiamen',
      elsewhere: { shanghai: { socialInsuranceYears: 1 } },
    });
    const shanghai = route(c.cities.find((x) => x.city.id === 'shanghai')!.result, 'residence-points');
    expect(shanghai.items?.find((i) => i.id === 'social-insurance-years')?.points).toEqual({ min: 3, max: 3 });
  });
});

describe('projections within a working life', () => {
  it('a 26-year-old Shanghai applicant with 1 year: not reached before 60 by waiting alone (no 2060s date)', () => {
    // §1.3: 30 (≤ 43) + 3/year; 高中, no certificate. At 43: 30 + 3 × 18 = 84; from 44 age −2 and insurance +3 a year
    // → +1 a year: 120 only at 79, far past 60 (the retirement age quoted in more-cities-notes §11.2).
    const r = evaluateCity('shanghai', { age: 26, education: 'high_school', socialInsuranceYears: 1, certificates: [] });
    const points = route(r, 'residence-points');
    expect(points.reachedOn).toBeNull();
    expect(points.notByWaiting).toMatchObject({ age: 60, limit: 'retirement_age' });
  });

  it('a woman: the projection stops below 55 (more-cities-notes §11.2: women <55)', () => {
    const r = evaluateCity('shanghai', { age: 26, sex: 'female', education: 'high_school', socialInsuranceYears: 1, certificates: [] });
    expect(route(r, 'residence-points').notByWaiting).toMatchObject({ age: 55, limit: 'retirement_age' });
  });

  it('a reachable projection still gets its date: 30 + 60 + 3 × 4 = 102 → 120 after 6 more years', () => {
    // 102 + 3 × 6 = 120 on 2025-06-01 + 6 years = 2031-06-01 (age 36, within the working life).
    const r = evaluateCity('shanghai', { age: 30, education: 'high_school', socialInsuranceYears: 4, certificates: [skill(3)] });
    expect(route(r, 'residence-points').reachedOn).toBe('2031-06-01');
  });
});

describe('特种作业操作证 dates (令第30号, §3.2)', () => {
  it('issued 2023-05-01, no review since: review due 2026-05-01 (every 3 years) — overdue on 2026-12-01; expires 2029-05-01', () => {
    const r = evaluateCity('shanghai', { certificates: [permit({ issuedOn: '2023-05-01' })] }, '2026-12-01');
    expect(r.permits).toEqual([
      expect.objectContaining({ reviewDueOn: '2026-05-01', expiresOn: '2029-05-01', state: 'review_overdue', lastReviewKnown: false }),
    ]);
  });

  it('within the 60 days before the due date: apply now (2026-05-01 − 60 days = 2026-03-02)', () => {
    const r = evaluateCity('shanghai', { certificates: [permit({ issuedOn: '2023-05-01' })] }, '2026-03-15');
    expect(r.permits![0]).toMatchObject({ applyFrom: '2026-03-02', state: 'apply_now' });
  });

  it('from the last review: reviewed 2026-04-10 → next 2029-04-10; 10+ years in the trade → every 6 years may apply (2032-04-10)', () => {
    const r = evaluateCity(
      'shanghai',
      { occupationYears: 12, certificates: [permit({ issuedOn: '2023-05-01', lastReviewOn: '2026-04-10' })] },
      '2026-12-01',
    );
    expect(r.permits![0]).toMatchObject({
      reviewDueOn: '2029-04-10',
      applyFrom: '2029-02-09',
      extendedReviewDueOn: '2032-04-10',
      state: 'ok',
    });
  });
});
