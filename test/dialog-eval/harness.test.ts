/**
 * The dialog evaluation's own scoring, proven on the real bot with a part whose outcome is known
 * (fixtures/part: every kind of item once right and once deliberately wrong), and the raw-value scan on texts.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEvalBot, evaluatePart, loadPart } from '../../src/eval/dialog/index.js';
import { certificatesMatch, turnMismatches, valueMatches } from '../../src/eval/dialog/facts-match.js';
import { findRawValues } from '../../src/eval/dialog/raw-values.js';

const fixture = fileURLToPath(new URL('./fixtures/part/', import.meta.url));
const bot = createEvalBot();
afterAll(() => bot.close());

describe('dialog evaluation harness', () => {
  it('counts the right items as right and the wrong ones as wrong', async () => {
    const report = await evaluatePart(bot, loadPart('fixture', fixture)!, { details: true });
    // Scripted turns: f-right 2 of 2; f-wrong turn 1 right, turn 2 wrong (the age must be unknown, and is not).
    expect(report.factAccuracy).toEqual({ right: 3, total: 4, rate: 0.75 });
    // f-right ends at 135 (30 + 90 + 15, docs/policy/sources-notes.md §1.3); f-wrong expects 136.
    expect(report.conversationsRight).toMatchObject({ right: 1, total: 2, notCovered: [] });
    // The 复审 question gets 每3年 (令第30号第21条) both times; "7年" is never said.
    expect(report.faqFirstMessage).toEqual({ right: 1, total: 2, rate: 0.5 });
    expect(report.faqMidForm).toEqual({ right: 1, total: 2, rate: 0.5 });
    // Both questions, both modes, are answered as questions; no statement is.
    expect(report.questionVsAnswer.questions).toEqual({ right: 4, total: 4, rate: 1 });
    expect(report.questionVsAnswer.statements.right).toBe(report.questionVsAnswer.statements.total);
    expect(report.rawValues.count).toBe(0);
    const failed = report.failures!.map((f) => f.at).sort();
    expect(failed).toEqual(['f-q-wrong/first', 'f-q-wrong/mid', 'f-wrong', 'f-wrong#2']);
    expect(report.failures!.find((f) => f.at === 'f-wrong')!.what).toContain('total: expected 136, got 135');
  });

  it('finds internal values in user-visible text, and only there', () => {
    expect(findRawValues('记下了：学历 none。').map((r) => r.check)).toEqual(['enum id or JS value']);
    expect(findRawValues('记下了：学历 。').map((r) => r.check)).toEqual(['label without value']);
    expect(findRawValues('学历 bachelor_degree')).toHaveLength(1);
    expect(findRawValues('是否对口：true')).toHaveLength(1);
    expect(findRawValues('你的{certificate}证是几级？')).toHaveLength(1);
    expect(findRawValues('我理解的是：2027年6月1日 提醒你「份 报名」')).toHaveLength(1);
    expect(findRawValues('提醒你「」')).toHaveLength(1);
    expect(findRawValues('可以在 http://cx.mem.gov.cn/ 或 jndj.osta.org.cn 查询，每3年复审一次。')).toEqual([]);
    expect(findRawValues('在“查询”平台（cx.mem.gov.cn）查')).toEqual([]);
    expect(findRawValues('记下了：学历 高中；证书 电工四级。')).toEqual([]);
  });

  it('judges a turn on what it states and on what was held right before it', () => {
    const c4 = { kind: 'skill', occupation: '电工', level: 4 };
    // The age was never read (an earlier turn's error): this turn, which states the years, is right.
    expect(
      turnMismatches({
        expectedBefore: { age: 45 },
        heldBefore: {},
        stated: { socialInsuranceYears: 7 },
        heldAfter: { socialInsuranceYears: 7 },
      }),
    ).toEqual([]);
    // The age was held and is lost now: wrong, although this turn did not mention it.
    expect(
      turnMismatches({
        expectedBefore: { age: 45 },
        heldBefore: { age: 45 },
        stated: { socialInsuranceYears: 7 },
        heldAfter: { socialInsuranceYears: 7 },
      }).map((m) => m.key),
    ).toEqual(['age']);
    // A correction restates the fact it changes.
    expect(
      turnMismatches({ expectedBefore: { age: 37 }, heldBefore: { age: 37 }, stated: { age: 39 }, heldAfter: { age: 37 } }).map(
        (m) => m.key,
      ),
    ).toEqual(['age']);
    // Certificates: a set by kind, occupation and level; listed fields must match, others are free.
    expect(certificatesMatch([{ ...c4, matchesJob: true }], [{ ...c4, matchesJob: true, issuedOn: '2018-05-01' }])).toBe(true);
    expect(certificatesMatch([{ ...c4, matchesJob: true }], [{ ...c4, matchesJob: false }])).toBe(false);
    expect(certificatesMatch([c4], [c4, { kind: 'special_operation', occupation: '低压电工作业' }])).toBe(false);
    // "没有证书" must be held as an empty list, not as nothing known.
    expect(valueMatches('certificates', [], undefined)).toBe(false);
  });
});
