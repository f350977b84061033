/**
 * The first result fits a phone (at most 12 lines: text, table and the lines after it; buttons not counted), says each
 * thing once, and never shows a dash for a figure a city does not publish. Facts from docs/policy/sources-notes.md.
 */
import { describe, expect, it } from 'vitest';
import { renderReply } from '../../src/channels/console/render.js';
import { compareReply, detailsReply, RESULT_LINES, resultReply } from '../../src/dialog/result-view.js';
import { loadCore } from '../../src/app/core.js';
import { compareCities, validateFacts } from '../../src/scoring/index.js';
import { evaluateCity, rules, skill } from '../scoring/helpers.js';

const { spec } = loadCore();
const lines = (reply: ReturnType<typeof resultReply>) => renderReply({ ...reply, choices: [] }).split('\n');

const cases: Array<[string, Record<string, unknown>]> = [
  // Shanghai with every bonus item filled: the table is cut to 5 rows, the rest summed.
  [
    'shanghai',
    {
      age: 45,
      education: 'bachelor_degree',
      socialInsuranceYears: 6,
      insuranceBaseTier: '100_200',
      shortageMajor: true,
      award: 'city_special',
      spouseLocalHukouYears: 3,
      publicServiceYears: 6,
      remoteSuburbYears: 6,
      certificates: [skill(4), { kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2020-01-01' }],
    },
  ],
  ['fuling', { certificates: [skill(4, { issuedOn: undefined })] }],
  ['fuling', { stableEmployment: true, socialInsuranceYears: 3, insuredEmployee: true, certificates: [skill(4)] }],
  ['fuzhou', { stableEmployment: true, certificates: [skill(4)] }],
  ['xuchang', { stableResidence: true, certificates: [] }],
  ['xiamen', { certificates: [skill(3)] }],
  ['quanzhou', {}],
];

describe('the first result fits a phone', () => {
  it.each(cases)('%s: at most 12 lines, a 看明细 button, "还缺少一些信息" never, no dash for a figure', (city, facts) => {
    const reply = resultReply(evaluateCity(city, facts), spec);
    expect(lines(reply).length).toBeLessThanOrEqual(RESULT_LINES);
    expect(reply.choices?.[0]).toEqual({ label: '看明细', value: 'cmd:details' });
    const all = renderReply(reply);
    expect(all).not.toContain('还缺少一些信息');
    expect(all).not.toMatch(/标准 — 分|\/—/);
    // Each status said once per route at most.
    const unknownRoutes = evaluateCity(city, facts).routes.filter((r) => r.status === 'unknown').length;
    expect(all.split('还缺信息').length - 1).toBeLessThanOrEqual(unknownRoutes);
  });

  it('Fuling with nothing known: what is missing is named once per route, the notes wait behind 看明细', () => {
    const r = evaluateCity('fuling', { certificates: [skill(4, { issuedOn: undefined })] });
    const text = renderReply(resultReply(r, spec));
    expect(text).toContain('还缺：本地劳动合同或营业执照、本市社保年限');
    expect(text).not.toContain('注：');
    expect(renderReply(detailsReply(r, spec))).toContain('注：');
  });

  it('Fuzhou: no published threshold is said in words, the range stays a range', () => {
    // §5.4 / seed 001: 中级工 20–30, no Fuzhou table or threshold found.
    const text = renderReply(resultReply(evaluateCity('fuzhou', { stableEmployment: true, certificates: [skill(4)] }), spec));
    expect(text).toContain('合计 20–30 分（福州没有公布分数线，无法判断是否达标）');
  });

  it('the comparison: a range without a threshold in words, and what the other cities still need', () => {
    const v = validateFacts({ age: 30, socialInsuranceYears: 3, stableEmployment: true, certificates: [skill(4)] }, '2025-06-01');
    if (!v.ok) throw new Error('facts');
    const reply = compareReply(compareCities(v.facts, rules, '2025-06-01', { city: 'xiamen' }), spec, 'xiamen');
    const rows = Object.fromEntries(reply.table!.rows.map((r) => [r.label.replace(/^\d+\. /, ''), r.value]));
    expect(rows.福州).toContain('合计20–30分，没有公布分数线');
    expect(rows.福州).not.toContain('—');
    // 涪陵's settlement reads insurance years and a contract there (§5.6): the Xiamen ones are not used.
    expect(rows.涪陵).toContain('不知道你在涪陵的');
    expect(rows.厦门).not.toContain('不知道你在');
  });

  it('an overdue permit review is said in the first message (令第30号: every 3 years; 2023-05-01 → 2026-05-01)', () => {
    const r = evaluateCity(
      'shanghai',
      { certificates: [{ kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2023-05-01' }] },
      '2026-12-01',
    );
    const text = renderReply(resultReply(r, spec));
    expect(text).toContain('低压电工作业：按发证日期算，复审应在 2026-05-01 前办理，已经过了');
  });
});
