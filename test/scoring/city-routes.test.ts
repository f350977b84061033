/**
 * The other cities' routes, from docs/policy/sources-notes.md §5 and the product decisions in docs/policy/README.md.
 * Each expectation names the rule it follows.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCity, route, skill } from './helpers.js';

describe('Xuchang: open settlement (Henan 2020) and the estimated points scheme', () => {
  it('a stable residence alone is enough', () => {
    const r = route(evaluateCity('xuchang', { stableResidence: true }), 'open-settlement');
    expect(r.status).toBe('eligible');
    expect(r.certainty).toBe('official');
  });

  it('neither known: unknown, asking for both; both false: not yet with the rule text', () => {
    const unknown = route(evaluateCity('xuchang', {}), 'open-settlement');
    expect(unknown.status).toBe('unknown');
    expect([...unknown.missing!].sort()).toEqual(['stableEmployment', 'stableResidence']);
    const no = route(evaluateCity('xuchang', { stableResidence: false, stableEmployment: false }), 'open-settlement');
    expect(no.status).toBe('not_yet');
    expect(no.reasons![0]!.text).toContain('稳定住所');
  });

  it('中级工 is 20–40 points in the supplementary estimate, with no threshold', () => {
    const r = route(evaluateCity('xuchang', { certificates: [skill(4)] }), 'points-estimate');
    expect(r.total).toEqual({ min: 20, max: 40 });
    expect(r.supplementary).toBe(true);
    expect(r.certainty).toBe('estimated');
    expect(r.status).toBe('unknown');
    expect(r.threshold).toBeUndefined();
    expect(r.items![0]!.certainty).toBe('estimated');
  });
});

describe('Fuzhou: estimated points settlement and talent route (seed 001)', () => {
  it('skill ranges: 初级 10–15, 中级 20–30, 高级 40–80', () => {
    expect(route(evaluateCity('fuzhou', { certificates: [skill(5)] }), 'points-settlement').total).toEqual({ min: 10, max: 15 });
    expect(route(evaluateCity('fuzhou', { certificates: [skill(4)] }), 'points-settlement').total).toEqual({ min: 20, max: 30 });
    expect(route(evaluateCity('fuzhou', { certificates: [skill(3)] }), 'points-settlement').total).toEqual({ min: 40, max: 80 });
  });

  it('talent route: 高级工 + local employment is unknown (years unstated), never eligible; 中级工 is not', () => {
    // Seed 001 also asks for "在榕连续就业满一定年限" without the number: the rule file's atMostUnknown (audit 3e).
    const senior = route(evaluateCity('fuzhou', { stableEmployment: true, certificates: [skill(3)] }), 'talent-route');
    expect(senior.status).toBe('unknown');
    expect(senior.reasons).toEqual([{ code: 'unconfirmed', text: expect.stringContaining('在榕连续就业满一定年限') }]);
    const r = route(evaluateCity('fuzhou', { stableEmployment: true, certificates: [skill(4)] }), 'talent-route');
    expect(r.status).toBe('not_yet');
    expect(r.reasons![0]!.text).toContain('高级工');
  });
});

describe('Xiamen: 高级技师 (2022, official) and the May-2022 skilled-worker version (estimated)', () => {
  it('高级技师 with a stable residence may settle', () => {
    const r = route(evaluateCity('xiamen', { stableResidence: true, certificates: [skill(1)] }), 'senior-technician');
    expect(r.status).toBe('eligible');
    expect(r.certainty).toBe('official');
  });

  it('高级工 on the shortage list needs 1 year of insurance: 0.5 years → reached 6 months later', () => {
    const r = route(
      evaluateCity('xiamen', { shortageOccupation: true, socialInsuranceYears: 0.5, certificates: [skill(3)] }),
      'skilled-worker',
    );
    expect(r.status).toBe('not_yet');
    expect(r.reachedOn).toBe('2025-12-01');
    expect(r.notes!.join()).toContain('未能确认');
  });

  it('中级工 needs 2 years, 技师 3 months', () => {
    expect(
      route(evaluateCity('xiamen', { shortageOccupation: true, socialInsuranceYears: 2, certificates: [skill(4)] }), 'skilled-worker')
        .status,
    ).toBe('eligible');
    expect(
      route(evaluateCity('xiamen', { shortageOccupation: true, socialInsuranceYears: 1.9, certificates: [skill(4)] }), 'skilled-worker')
        .status,
    ).toBe('not_yet');
    expect(
      route(evaluateCity('xiamen', { shortageOccupation: true, socialInsuranceYears: 0.25, certificates: [skill(2)] }), 'skilled-worker')
        .status,
    ).toBe('eligible');
  });

  it('shortage list unknown: unknown, asking for it', () => {
    const r = route(evaluateCity('xiamen', { socialInsuranceYears: 3, certificates: [skill(4)] }), 'skilled-worker');
    expect(r.status).toBe('unknown');
    expect(r.missing).toEqual(['shortageOccupation']);
  });
});

describe('Quanzhou: open settlement needs a residence and a job', () => {
  it('both → eligible; a residence without a job → not yet, naming the contract', () => {
    expect(route(evaluateCity('quanzhou', { stableResidence: true, stableEmployment: true }), 'open-settlement').status).toBe('eligible');
    const r = route(evaluateCity('quanzhou', { stableResidence: true, stableEmployment: false }), 'open-settlement');
    expect(r.status).toBe('not_yet');
    expect(r.reasons!.map((x) => x.text).join()).toContain('劳动合同');
  });
});

describe('Fuling: settlement after 2 years, and the Chongqing subsidies', () => {
  it('settlement: 2 years of work with insurance', () => {
    expect(route(evaluateCity('fuling', { stableEmployment: true, socialInsuranceYears: 2 }), 'work-settlement').status).toBe('eligible');
    const r = route(evaluateCity('fuling', { stableEmployment: true, socialInsuranceYears: 1.5 }), 'work-settlement');
    expect(r.status).toBe('not_yet');
    expect(r.reachedOn).toBe('2025-12-01');
  });

  it('技能提升补贴: 五级 1,000 (非常紧缺 1,200), a range when that is unknown', () => {
    const insured = { insuredEmployee: true, certificates: [skill(5, { issuedOn: '2019-05-01' })] };
    expect(route(evaluateCity('fuling', insured), 'skill-upgrade-subsidy').amount).toEqual({ min: 1000, max: 1200 });
    expect(route(evaluateCity('fuling', { ...insured, acuteShortageOccupation: false }), 'skill-upgrade-subsidy').amount).toEqual({
      min: 1000,
      max: 1000,
    });
    const acute = route(evaluateCity('fuling', { ...insured, acuteShortageOccupation: true }), 'skill-upgrade-subsidy');
    expect(acute.amount).toEqual({ min: 1200, max: 1200 });
    expect(acute.status).toBe('eligible');
  });

  it('技能提升补贴: 四级 + 三级 both count (each level once); a 2016 certificate does not', () => {
    // 1,500 + 2,000 = 3,500
    const r = route(
      evaluateCity('fuling', {
        insuredEmployee: true,
        acuteShortageOccupation: false,
        certificates: [skill(4, { issuedOn: '2018-01-01' }), skill(3, { issuedOn: '2023-01-01' })],
      }),
      'skill-upgrade-subsidy',
    );
    expect(r.amount).toEqual({ min: 3500, max: 3500 });
    const old = route(
      evaluateCity('fuling', { insuredEmployee: true, certificates: [skill(4, { issuedOn: '2016-12-31' })] }),
      'skill-upgrade-subsidy',
    );
    expect(old.status).toBe('not_yet');
    expect(old.amount).toEqual({ min: 0, max: 0 });
  });

  it('the 2019–2021 training table never states current eligibility: unknown, "按2019–2021年标准约…元"', () => {
    // docs/policy/sources-notes.md §5.6: 目录外 中级工 1,500 元 (渝人社发〔2019〕124号, SECONDARY-WEAK); "Whether these 2019–2021
    // rates still apply: UNCERTAIN".
    const r = route(
      evaluateCity('fuling', { insuredEmployee: true, certificates: [skill(4, { issuedOn: '2021-01-01' })] }),
      'training-subsidy-2019',
    );
    expect(r.status).toBe('unknown');
    expect(r.eligible).toBe(false);
    expect(r.amount).toEqual({ min: 1500, max: 1500 });
    expect(r.reasons).toEqual([{ code: 'unconfirmed', text: '按2019–2021年标准约1500元，现行标准可能已调整', params: { amount: '1500' } }]);
  });

  it('鉴定补贴 is for the listed groups, amount not given', () => {
    const r = route(evaluateCity('fuling', { subsidyTargetGroup: 'rural_migrant_worker' }), 'appraisal-subsidy');
    expect(r.status).toBe('eligible');
    expect(r.amount).toBeUndefined();
    expect(route(evaluateCity('fuling', { subsidyTargetGroup: 'none' }), 'appraisal-subsidy').status).toBe('not_yet');
  });

  it('a subsidy route that fails for want of a qualifying certificate says which certificate (rule-file text)', () => {
    // docs/policy/sources-notes.md §5.6: 技能提升补贴 for 初级/中级/高级 certificates obtained from 2017-01-01; the 2019–2021 training
    // table pays per skill level 初级工 … 高级技师; the 高技能 support is for 高级工 and above.
    const permitOnly = evaluateCity('fuling', {
      insuredEmployee: true,
      acuteShortageOccupation: false,
      certificates: [{ kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2023-04-01' }],
    });
    for (const id of ['skill-upgrade-subsidy', 'training-subsidy-2019', 'further-support']) {
      const r = route(permitOnly, id);
      expect(r.status).toBe('not_yet');
      expect(r.reasons?.length).toBeGreaterThan(0);
    }
    const upgrade = route(permitOnly, 'skill-upgrade-subsidy').reasons!;
    expect(upgrade).toEqual([{ code: 'no_qualifying_certificate', text: expect.stringContaining('2017年1月1日') }]);
    expect(route(permitOnly, 'training-subsidy-2019').reasons![0]!.text).toContain('技能等级证书');
    expect(route(permitOnly, 'further-support').reasons![0]!.text).toContain('高级工');
    // A 2016 四级 is too early for 技能提升补贴: the same reason, naming the date.
    const early = evaluateCity('fuling', {
      insuredEmployee: true,
      acuteShortageOccupation: false,
      certificates: [skill(4, { issuedOn: '2016-05-01' })],
    });
    expect(route(early, 'skill-upgrade-subsidy').reasons![0]!.text).toContain('2017年1月1日');
  });
});
