/**
 * The rule files' notes reach the user (policy audit, finding 3): the assumptions behind a figure are shown next to
 * it, routes whose status the sources leave open never read "符合条件", and estimates are never added into an
 * official amount. Golden values come from docs/policy/sources-notes.md (section named per test).
 */
import { describe, expect, it } from 'vitest';
import { detailsReply } from '../../src/dialog/result-view.js';
import { loadCore } from '../../src/app/core.js';
import { evaluateCity, skill } from '../scoring/helpers.js';

const { spec } = loadCore();
const shown = (cityId: string, facts: unknown) => {
  const reply = detailsReply(evaluateCity(cityId, facts), spec);
  return { reply, all: [reply.text, ...(reply.table?.rows.map((r) => `${r.label} ${r.value}`) ?? []), reply.after ?? ''].join('\n') };
};

describe('notes and caveats in the result', () => {
  it('Shanghai 二级 without the insurance base: counted as 三级 (60, marked), the assumption and the base condition shown', () => {
    // §1.3 (崇明区政府): 三级 60; 二级/一级 need a base ≥ the average wage for 6 of the last 12 months. Counting an
    // unmet 二级 as 三级 is our assumption (rules/shanghai.yaml note), so the user must see it.
    const { reply, all } = shown('shanghai', {
      age: 45,
      education: 'high_school',
      socialInsuranceYears: 3,
      insuranceBaseAboveAverage: false,
      certificates: [skill(2, { issuedOn: '2015-01-01' })],
    });
    const row = reply.table!.rows.find((r) => r.label === '专业技术职称和技能等级')!;
    expect(row.value).toBe('60≈※');
    expect(all).toContain('不满足时本工具按三级(60分)计，这是我们的假设');
    expect(all).toContain('注意：以技能二级/一级或中、高级职称积分，须最近1年内累计6个月社保缴费基数不低于本市上年度社平工资');
    expect(all).toContain('电工是否在本市技能目录内未能从官方核实');
  });

  it('Shanghai: the over-60 reading, the 6-of-12-months precondition source and the remote-suburb reading are shown', () => {
    // §1.3: 56–60 → 5, nothing listed above 60; §1.1: "6 of the last 12 months" is liuhubang [SECONDARY-WEAK];
    // §1.4: 远郊 2/yr from year 5, cap 20 — 7 years is 14 under our reading, 4 if only the years past 5 count.
    const { reply, all } = shown('shanghai', {
      age: 62,
      education: 'high_school',
      socialInsuranceYears: 3,
      remoteSuburbYears: 7,
      certificates: [],
    });
    expect(reply.table!.rows.find((r) => r.label === '远郊重点区域工作')!.value).toBe('14≈※');
    expect(all).toContain('如7年计14分；若只计超出5年的部分则为4分');
    expect(all).toContain('61岁及以上本工具按0分计');
    expect(all).toContain('未核对最近12个月');
  });

  it('Fuling: 技能提升补贴 is the amount; the 2019–2021 table is never "符合条件" and is named as an estimate', () => {
    // §5.6: 技能提升补贴 四级 1,500 [OFFICIAL]; 2019–2021 training table 中级工 1,500, current validity UNCERTAIN.
    const { all } = shown('fuling', {
      insuredEmployee: true,
      acuteShortageOccupation: false,
      stableEmployment: true,
      socialInsuranceYears: 3,
      occupationYears: 8,
      subsidyTargetGroup: 'none',
      certificates: [skill(4, { issuedOn: '2021-01-01' })],
    });
    const training = all.split('\n').find((l) => l.startsWith('· 职业技能培训补贴'))!;
    expect(training).not.toContain('符合条件，');
    expect(training).toContain('按2019–2021年标准约1500元，现行标准可能已调整');
    expect(all).toContain('· 参保职工技能提升补贴：符合条件，金额 1500 元');
    expect(all).toContain('可申领「参保职工技能提升补贴」约2000元'); // 三级 2,000 next
    expect(all).toContain('估算约2500元，仅供参考'); // 2019–2021 高级工 2,500, apart
    expect(all).not.toMatch(/约4500元/);
  });

  it('a benefit whose amount cannot be computed yet says so, not "金额 0 元" (finding 13)', () => {
    const { all } = shown('fuling', {
      insuredEmployee: true,
      acuteShortageOccupation: false,
      certificates: [{ kind: 'skill', occupation: '电工', level: 4 }],
    });
    const line = all.split('\n').find((l) => l.startsWith('· 参保职工技能提升补贴'))!;
    expect(line).toContain('金额要等信息补全后才能算');
    expect(all).not.toContain('金额 0 元');
  });

  it('Fuzhou talent route: conditions met → not "符合条件", the unstated years shown', () => {
    const { all } = shown('fuzhou', { stableEmployment: true, certificates: [skill(3)] });
    const line = all.split('\n').find((l) => l.startsWith('· 福州技能人才引进落户'))!;
    expect(line).toContain('条件看起来满足，但有一点无法确认');
    expect(line).toContain('在榕连续就业满一定年限');
  });

  it('Xiamen: the 2018 age limits and the 思明/湖里 housing rule are shown with the skilled-worker route', () => {
    // §5.3: 2018 detailed rules: men ≤50, women ≤40; 思明 and 湖里 also require owned housing.
    const { all } = shown('xiamen', {
      shortageOccupation: true,
      socialInsuranceYears: 3,
      stableEmployment: true,
      certificates: [skill(4)],
    });
    expect(all).toContain('男≤50岁、女≤40岁');
    expect(all).toContain('思明、湖里还须有自有住房');
  });
});
