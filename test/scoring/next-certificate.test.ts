/**
 * The recommended next certificate: candidates, sit dates under the 电工 standard (docs/policy/sources-notes.md §2.2:
 * 五级 1 yr; 四级 五级+4 yrs or 6 yrs; 三级 四级+5 yrs; 二级 三级+4 yrs; 一级 二级+4 yrs), gains under each city's rules.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, parseRulesFiles, validateFacts } from '../../src/scoring/index.js';
import { readRuleFiles, defaultRulesDir } from '../../src/scoring/load-rules.js';
import { evaluateCity, skill, TODAY } from './helpers.js';

describe('next certificate', () => {
  it('a 四级 holder: 三级 from issuedOn + 5 years, +30 points in Shanghai', () => {
    // 四级 issued 2021-03-01 → 三级 from 2026-03-01; 高中 0: 三级 60 − 四级 30 = +30
    const r = evaluateCity('shanghai', {
      age: 30,
      education: 'high_school',
      socialInsuranceYears: 4,
      occupationYears: 9,
      certificates: [skill(4, { issuedOn: '2021-03-01' })],
    });
    const top = r.next[0]!;
    expect(top.label).toBe('电工三级（高级工）');
    expect(top.reason).toBe('next_level');
    expect(top.earliestDate).toBe('2026-03-01');
    expect(top.canSitNow).toBe(false);
    expect(top.gain).toEqual({ min: 30, max: 30 });
    expect(top.reachesThreshold).toBe(false);
    expect(top.remainingGap).toEqual({ min: 18, max: 18 }); // 30 + 60 + 12 = 102 → 18 short
    expect(top.explanation).toContain('电工三级');
    expect(top.explanation).toContain('2026-03-01');
  });

  it("Shanghai's higher-of-two: a bachelor with degree gains nothing from 三级, +10 from 二级 with the base condition", () => {
    // 本科+学位 90; 三级 60 < 90 → 0; 二级 100 − 90 = +10
    const withFour = evaluateCity('shanghai', {
      age: 30,
      education: 'bachelor_degree',
      socialInsuranceYears: 1,
      insuranceBaseAboveAverage: true,
      certificates: [skill(4, { issuedOn: '2015-01-01' })],
    });
    expect(withFour.next.find((n) => n.certificate.level === 3)!.gain).toEqual({ min: 0, max: 0 });
    const withThree = evaluateCity('shanghai', {
      age: 30,
      education: 'bachelor_degree',
      socialInsuranceYears: 1,
      insuranceBaseAboveAverage: true,
      certificates: [skill(3, { issuedOn: '2015-01-01' })],
    });
    const two = withThree.next.find((n) => n.certificate.level === 2)!;
    expect(two.gain).toEqual({ min: 10, max: 10 });
    expect(two.canSitNow).toBe(true); // 2015 + 4 years ≤ today
  });

  it('二级 with the base condition unknown gains nothing yet and says what is missing', () => {
    const r = evaluateCity('shanghai', {
      age: 30,
      education: 'high_school',
      socialInsuranceYears: 1,
      certificates: [skill(3, { issuedOn: '2015-01-01' })],
    });
    const two = r.next.find((n) => n.certificate.level === 2)!;
    expect(two.gain).toEqual({ min: 0, max: 0 });
    expect(two.missing).toContain('insuranceBaseAboveAverage');
  });

  it('a permit holder gets a first skill certificate: 五级 now (1 yr), 四级 after 6 yrs in the occupation', () => {
    // occupationYears 3: 五级 (≥1) now; 四级 needs 6 → 3 more years → 2028-06-01. Shanghai: 四级 +30 > 五级 +15
    const r = evaluateCity('shanghai', {
      age: 28,
      education: 'high_school',
      socialInsuranceYears: 2,
      occupationYears: 3,
      certificates: [{ kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2022-03-01' }],
    });
    expect(r.next.map((n) => [n.certificate.level, n.reason, n.canSitNow, n.earliestDate, n.gain?.max])).toEqual([
      [4, 'first_skill_certificate', false, '2028-06-01', 30],
      [5, 'first_skill_certificate', true, TODAY, 15],
    ]);
  });

  it('without occupationYears the sit date is unknown', () => {
    const r = evaluateCity('fuzhou', { certificates: [{ kind: 'special_operation', occupation: '高压电工作业' }] });
    expect(r.next.every((n) => n.canSitNow === null && n.earliestDate === null)).toBe(true);
    expect(r.next[0]!.missing).toContain('occupationYears');
  });

  it('Fuzhou: 三级 opens the talent route only as "unknown" (years unstated) and ranks by the estimated points', () => {
    // Seed 001: 高级工 40–80 vs 中级工 20–30 → +20–50; talent route for 三级 + "在榕连续就业满一定年限" (years unknown).
    const r = evaluateCity('fuzhou', { stableEmployment: true, occupationYears: 10, certificates: [skill(4, { issuedOn: '2018-01-01' })] });
    const top = r.next[0]!;
    expect(top.certificate.level).toBe(3);
    expect(top.changes).toContainEqual(expect.objectContaining({ routeId: 'talent-route', from: 'not_yet', to: 'unknown' }));
    expect(top.gain).toEqual({ min: 20, max: 50 });
    expect(top.explanation).toContain('福州积分落户(估算)可多得20–50分');
  });

  it('Shanghai 二级 holder without the insurance base: 一级 brings nothing and the advice names the base condition', () => {
    // 崇明区政府 (docs/policy/sources-notes.md §1.3): 二级/一级 need a base ≥ the average wage for 6 of the last 12 months. Without it
    // 二级 counts as 三级 = 60 — our assumption, flagged in rules/shanghai.yaml and shown (result-notes.test.ts) — so
    // 一级 (also counted as 三级) adds 0; the advice must say why.
    const r = evaluateCity('shanghai', {
      age: 45,
      education: 'high_school',
      socialInsuranceYears: 3,
      insuranceBaseAboveAverage: false,
      certificates: [skill(2, { issuedOn: '2015-01-01' })],
    });
    const top = r.next[0]!;
    expect(top.certificate.level).toBe(1);
    expect(top.gain).toEqual({ min: 0, max: 0 });
    expect(top.levelCondition).toContain('社保缴费基数不低于本市上年度社平工资');
    expect(top.explanation).toContain('注意：以技能二级/一级');
    expect(top.explanation).toContain('不满足时按较低等级计分');
  });

  it('Fuling: the next level brings the 技能提升补贴 of that level; the 2019–2021 table is named apart as an estimate', () => {
    // docs/policy/sources-notes.md §5.6: 技能提升补贴 四级 1,500 (非常紧缺 1,800) [OFFICIAL] is the headline; the 2019–2021 training
    // table's 中级工 1,500 [SECONDARY-WEAK, "may have changed"] is never added into it (policy audit finding 1).
    const r = evaluateCity('fuling', {
      insuredEmployee: true,
      acuteShortageOccupation: false,
      occupationYears: 8,
      certificates: [skill(5, { issuedOn: '2019-01-01' })],
    });
    const four = r.next[0]!;
    expect(four.certificate.level).toBe(4);
    expect(four.changes.find((c) => c.routeId === 'skill-upgrade-subsidy')!.amount).toEqual({ min: 1500, max: 1500 });
    expect(four.amount).toEqual({ min: 1500, max: 1500 });
    expect(four.estimatedAmount).toEqual({ min: 1500, max: 1500 });
    expect(four.explanation).toContain('可申领「参保职工技能提升补贴」约1500元');
    expect(four.explanation).toContain('估算约1500元，仅供参考，现行标准可能已调整');
    expect(four.explanation).not.toContain('3000');
  });

  it('Fuling, 非常紧缺 unknown: the headline is 1,500–1,800, not 3,000–3,300', () => {
    const r = evaluateCity('fuling', { insuredEmployee: true, occupationYears: 8, certificates: [skill(5, { issuedOn: '2019-01-01' })] });
    const four = r.next[0]!;
    expect(four.amount).toEqual({ min: 1500, max: 1800 });
    expect(four.explanation).toContain('约1500–1800元');
  });

  it('a catalog occupation is suggested where the held one is not on the catalog', () => {
    // A test city whose catalog lacks 电工: 变电设备检修工 (related to 电工 in national data) is suggested.
    const files = readRuleFiles(defaultRulesDir()).filter((f) => f.path.includes('national/'));
    files.push({
      path: 'rules/testcity.yaml',
      text: `id: testcity
name: 测试市
aliases: [测试]
sources: { s: { title: test, confidence: seed } }
catalogs: { c: { name: 目录, source: s, certainty: estimated, entries: [变电设备检修工] } }
routes:
  - id: points
    kind: points
    name: 测试积分
    certainty: estimated
    source: s
    threshold: { value: 100, source: s, certainty: estimated }
    indicators:
      - { id: skill, type: certificate, label: 技能, skillPoints: { '4': 50, '3': 100 }, requires: { catalog: c } }
`,
    });
    const registry = parseRulesFiles(files);
    const v = validateFacts({ certificates: [skill(4, { issuedOn: '2015-01-01' })] }, TODAY);
    if (!v.ok) throw new Error('facts');
    const r = evaluate(v.facts, registry.byId('testcity')!, TODAY, registry.national);
    const catalog = r.next.find((n) => n.reason === 'catalog_occupation')!;
    expect(catalog.certificate).toEqual({ kind: 'skill', occupation: '变电设备检修工', level: 4 });
    expect(catalog.gain).toEqual({ min: 50, max: 50 });
    expect(catalog.canSitNow).toBeNull();
    const three = r.next.find((n) => n.reason === 'next_level')!;
    expect(three.gain).toEqual({ min: 0, max: 0 }); // 电工 is not on this catalog
  });
});

describe('ranking when the top candidate means years of waiting (docs/scoring.md, "Ranking")', () => {
  // Policy: the order stays by what a certificate brings (四级 +30 before 五级 +15), but when the top one cannot be
  // sat for more than a year and another can be sat now for a gain, the top one names it (sitNowAlternative) and
  // its explanation says so; every candidate stays in `next`.
  it('a 低压电工 permit holder with 3 years in Shanghai: 四级 (+30, in 3 years) first, 五级 (+15, now) named beside it', () => {
    // 2018 电工 standard §2.2: 五级 after 1 yr in the occupation (3 ≥ 1: now); 四级 directly after 6 yrs (3 more: 2028-06-01).
    // Shanghai (seed 002 / 沪府发〔2017〕98号 table): 五级 15, 四级 30; 高中 0 in the education-or-skill pair, so the gains are 15 and 30.
    const r = evaluateCity('shanghai', {
      age: 28,
      education: 'high_school',
      socialInsuranceYears: 2,
      occupationYears: 3,
      certificates: [{ kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2022-03-01' }],
    });
    const [top, second] = r.next;
    expect(r.next).toHaveLength(2);
    expect(top!.certificate.level).toBe(4);
    expect(top!.gain).toEqual({ min: 30, max: 30 });
    expect(top!.earliestDate).toBe('2028-06-01');
    expect(second!.certificate.level).toBe(5);
    expect(second!.gain).toEqual({ min: 15, max: 15 });
    expect(second!.canSitNow).toBe(true);
    expect(top!.sitNowAlternative).toBe(second!.id);
    expect(top!.explanation).toContain('最早2028-06-01可以报考');
    expect(top!.explanation).toContain('现在就可以先考电工五级（初级工）');
    expect(top!.explanation).toContain('可多得15分');
    expect(second!.sitNowAlternative).toBeUndefined();
  });

  it('no alternative is named when the top one is at most a year away', () => {
    // 四级 issued 2021-03-01 → 三级 from 2026-03-01 (四级 + 5 yrs), 9 months after 2025-06-01.
    const r = evaluateCity('shanghai', {
      age: 30,
      education: 'high_school',
      socialInsuranceYears: 4,
      occupationYears: 9,
      certificates: [skill(4, { issuedOn: '2021-03-01' })],
    });
    expect(r.next[0]!.earliestDate).toBe('2026-03-01');
    expect(r.next[0]!.sitNowAlternative).toBeUndefined();
    expect(r.next[0]!.explanation).not.toContain('先考');
  });

  it('no alternative is named when what can be sat now brings nothing', () => {
    // 本科+学位 90 beats 五级 15 and 四级 30 in the education-or-skill pair: neither gains points in Shanghai.
    const r = evaluateCity('shanghai', {
      age: 28,
      education: 'bachelor_degree',
      socialInsuranceYears: 2,
      occupationYears: 3,
      certificates: [{ kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2022-03-01' }],
    });
    expect(r.next.every((n) => n.gain?.max === 0)).toBe(true);
    expect(r.next[0]!.sitNowAlternative).toBeUndefined();
  });
});
