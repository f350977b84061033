/** What the lead saw in a real chat: the result's wording, the missing-facts line, the re-ask, the FAQ menu. */
import { describe, expect, it } from 'vitest';
import { step, type DialogInput } from '../../src/dialog/engine.js';
import type { DialogContext } from '../../src/dialog/ports.js';
import type { DialogState } from '../../src/dialog/state.js';
import { loadCore } from '../../src/app/core.js';

const core = loadCore();
const ctx: DialogContext = { ...core, today: '2026-03-02', now: Date.parse('2026-03-02T10:00:00+08:00') };

function play(inputs: DialogInput[], from: DialogState | null = null) {
  let state = from;
  let last = step(state, inputs[0]!, ctx);
  for (const input of inputs.slice(1)) {
    state = last.state;
    last = step(state, input, ctx);
  }
  return { last, state: last.state, text: last.replies.map((r) => [r.text, r.after].filter(Boolean).join('\n')).join('\n') };
}

describe('result polish', () => {
  it('names the core facts still missing and only counts the optional ones; 补充加分项 asks an optional one', () => {
    // Shanghai's table (沪府发〔2017〕98号) scores education, certificates and social insurance: core facts.
    const partial = play([{ text: '我32岁，在上海' }, { text: '看结果' }]);
    const missingLine = partial.text.split('\n').find((l) => l.startsWith('还不知道：'))!;
    expect(missingLine).toContain('学历');
    expect(missingLine).toContain('本市社保年限');
    expect(missingLine).not.toContain('加分项');
    expect(partial.text).toMatch(/另有\d+项可选的加分\/减分信息没填，回复“补充加分项”可以补充/);
    const supplement = play([{ text: '补充加分项' }], partial.state);
    expect(supplement.last.replies.at(-1)?.kind).toBe('question');
    expect(supplement.state?.pending).not.toBe('education');
  });

  it('gives one example, not two, when a date answer is not understood', () => {
    const { text, state } = play([
      { text: '我32岁，本科有学位，电工四级，在上海交了5年社保' },
      { text: '是' },
      { text: '对口' },
      { text: '不记得了啦啦' },
    ]);
    expect(state?.pending).toBe('certificates.issuedOn#0');
    expect(text.split('比如').length - 1).toBe(1);
  });

  it('names the estimated figures in one line', () => {
    // 福州's points table is an estimate (seed 001 ranges 初级10–15/中级20–30/高级40–80; no official table, §5.4).
    const { last } = play([{ text: '我32岁，大专，电工四级，在福州交了3年社保' }, { text: '看结果' }]);
    const result = last.replies.find((r) => r.kind === 'result')!;
    const estimated = result.table?.rows.filter((r) => r.estimated).map((r) => r.label) ?? [];
    expect(estimated.length).toBeGreaterThan(0);
    const line = result.after!.split('\n').find((l) => l.startsWith('其中估算的：'))!;
    for (const label of estimated) expect(line).toContain(label);
  });

  it("Xuchang: open settlement is the answer and no certificate is needed; the seed's points estimate is never the main answer", () => {
    // docs/policy/README.md: Xuchang's "中级工 20–40 分" (seed 000) "may be shown only as an estimate …, never as the
    // main answer"; the open route (sources-notes §5.1) reads a residence or a job, no certificate.
    const { last, state } = play([{ text: '我32岁，大专，电工四级，在许昌交了3年社保' }, { text: '看结果' }]);
    const result = last.replies.find((r) => r.kind === 'result')!;
    expect(result.table).toBeUndefined();
    const lines = result.text.split('\n');
    expect(lines[1]).toContain('在许昌落户不需要证书');
    expect(lines.findIndex((l) => l.startsWith('· 许昌放开落户'))).toBeGreaterThan(1);
    expect(lines.some((l) => l.startsWith('· 许昌积分落户(估算)'))).toBe(false);
    // The next step leads with what a certificate brings there (a subsidy, estimated), the points figure only after it.
    const next = result.after!.split('\n').find((l) => l.startsWith('下一步：'))!;
    expect(next.indexOf('技能提升补贴')).toBeGreaterThan(0);
    // 三级 scores what 中级工 does in the seed (no figure of its own): no points claim at all, least of all first.
    expect(next.split('；')[0]).not.toContain('积分落户');
    expect(result.text).not.toContain('标准 — 分');
    // Behind 看明细: the estimate as one short line, and no effective date claimed (sources-notes §5.1).
    const details = play([{ text: '看明细' }], state).last.replies[0]!;
    const all = [details.text, details.after].join('\n');
    expect(all).toContain('职业技能等级(中级工) 20–40分≈');
    expect(all).toContain('未查到具体生效日期');
  });

  it('answers the 证书问答 menu with 4–6 popular questions, each one answered by the FAQ', () => {
    const { last, state } = play([{ command: 'faq' }]);
    const menu = last.replies.at(-1)!;
    expect(menu.choices!.length).toBeGreaterThanOrEqual(4);
    expect(menu.choices!.length).toBeLessThanOrEqual(6);
    const unknown = core.faq.answerById('no-such-entry', { facts: {}, today: ctx.today }).text;
    for (const c of menu.choices!) {
      expect(c.value).toMatch(/^faq:/);
      expect(core.faq.answerById(c.value.slice(4), { facts: {}, today: ctx.today }).text).not.toBe(unknown);
    }
    // "2" picks the second question, as WeCom users reply with numbers.
    const second = play([{ text: '2' }], state);
    expect(second.last.replies[0]!.text).toBe(core.faq.answerById(menu.choices![1]!.value.slice(4), { facts: {}, today: ctx.today }).text);
  });
});
