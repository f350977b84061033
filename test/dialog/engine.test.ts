/** The pure engine on its own: no store, no clock; the real rules and reader, a fixed FAQ answer. */
import { describe, expect, it } from 'vitest';
import { step, type DialogInput } from '../../src/dialog/engine.js';
import type { DialogContext } from '../../src/dialog/ports.js';
import type { DialogState } from '../../src/dialog/state.js';
import { loadCore } from '../../src/app/core.js';
import { fixedFaq } from '../support/fixed-faq.js';

const core = loadCore();
const ctx: DialogContext = { ...core, faq: fixedFaq('稍后支持'), today: '2026-03-02', now: 1_772_416_800_000 };

function play(inputs: DialogInput[], start: DialogState | null = null) {
  let state = start;
  let last = step(state, inputs[0]!, ctx);
  state = last.state;
  for (const input of inputs.slice(1)) {
    last = step(state, input, ctx);
    state = last.state;
  }
  return { state, last, text: last.replies.map((r) => r.text).join('\n') };
}

describe('dialog step', () => {
  it('answers a question through the FAQ hook and asks the pending question again', () => {
    const { state, last } = play([{ text: '上海' }, { text: '30岁' }, { text: '特种作业证要复审吗？' }]);
    expect(last.replies.map((r) => r.kind)).toEqual(['answer', 'question']);
    expect(last.replies[0]!.text).toBe('稍后支持');
    expect(state?.pending).toBe('education');
    expect(state?.facts.certificates).toBeUndefined();
  });

  it('refuses social-insurance years longer than a working life, naming the value and keeping the old facts', () => {
    const { state, last, text } = play([{ text: '我20岁，在上海' }, { text: '社保交了10年' }]);
    expect(last.replies.some((r) => r.kind === 'error')).toBe(true);
    expect(text).toContain('10');
    expect(state?.facts).toEqual({ age: 20 });
  });

  it('takes a late button press for an earlier question as a correction', () => {
    const { state, text } = play([{ text: '我30岁，大专，在上海' }, { choice: 'q:education=bachelor_degree' }]);
    expect(state?.facts.education).toBe('bachelor_degree');
    expect(text).toContain('大专 → 本科（有学位）');
  });

  it('turns 删除我的数据 into a forget effect and no state', () => {
    const { state, last } = play([{ text: '我30岁，在上海' }, { text: '删除我的数据' }]);
    expect(state).toBeNull();
    expect(last.effects).toEqual([{ type: 'forget' }]);
  });

  it('says reminders are coming soon when no reminder service is wired, and saves nothing', () => {
    const { last, text } = play([{ text: '上海' }, { choice: 'cmd:remind' }]);
    expect(last.effects).toEqual([]);
    expect(text).toContain('即将上线');
    expect(play([{ text: '上海' }, { text: '3个月后提醒我查证书' }]).last.effects).toEqual([]);
  });

  it('does not apply a city that is not in the rules', () => {
    const { state, last } = play([{ choice: 'q:city=atlantis' }]);
    expect(state?.city).toBeUndefined();
    expect(last.replies.at(-1)?.kind).toBe('question');
  });

  it('never asks the same required question a fourth time in a row without giving a way out', () => {
    const { last, text } = play([{ text: '上海' }, { text: '嗯' }, { text: '嗯嗯' }, { text: '嗯嗯嗯' }]);
    expect(text).toContain('先放一放');
    expect(last.replies.some((r) => r.kind === 'result')).toBe(true);
  });
});
