/**
 * A question about the user's own case in the middle of the form: answered from the facts said so far (the production
 * wiring: real rules, FAQ and reader), the facts left as they were, the pending question asked again after the answer.
 * Golden figures: docs/policy/sources-notes.md §1.3 (沪府发〔2017〕98号 第六条: age 56–60 → 5, +2 per year younger; 3
 * per insured year).
 */
import { describe, expect, it } from 'vitest';
import { loadCore } from '../../src/app/core.js';
import { step } from '../../src/dialog/engine.js';
import type { DialogContext } from '../../src/dialog/ports.js';
import type { DialogState } from '../../src/dialog/state.js';

const core = loadCore();
const ctx: DialogContext = {
  rules: core.rules,
  spec: core.spec,
  understand: core.understand,
  faq: core.faq,
  today: '2026-12-01',
  now: Date.UTC(2026, 11, 1, 2),
};

function say(state: DialogState | null, text: string) {
  const result = step(state, { text }, ctx);
  if (!result.state) throw new Error(`"${text}" deleted the session`);
  return { state: result.state, text: result.replies.map((r) => r.text).join('\n'), kinds: result.replies.map((r) => r.kind) };
}

describe('a question about my own case, mid-form', () => {
  it('answers with my own age points and goes back to the question it was waiting for', () => {
    const before = say(null, '上海的 我今年五十一了');
    const pending = before.state.pending;
    expect(pending).toBeDefined();
    const after = say(before.state, '那我这个岁数年龄分能有几分');
    expect(after.text).toContain('15分'); // 51: 5 + 2 × (56 − 51) = 15
    expect(after.kinds).toContain('answer');
    expect(after.state.facts).toEqual(before.state.facts);
    expect(after.state.pending).toBe(pending);
  });

  it('adds up what is known so far', () => {
    // 40 → 30; 社保 7 years × 3 = 21: 51 so far
    const before = say(null, '在上海 四十岁 社保交了七年');
    const after = say(before.state, '我现在加起来多少分了');
    expect(after.text).toContain('51');
    expect(after.state.facts).toEqual(before.state.facts);
  });

  it('answers a question about another city without moving me there', () => {
    const before = say(null, '上海 我35岁 高中毕业');
    const after = say(before.state, '天津积分 技师证给几分');
    expect(after.kinds).toContain('answer');
    expect(after.text).toContain('天津');
    expect(after.state.city).toBe('shanghai');
    expect(after.state.pending).toBe(before.state.pending);
  });

  it('records nothing from a question that only names a certificate, and asks nothing back about it', () => {
    const before = say(null, '上海 我35岁 高中毕业');
    const after = say(before.state, '考个高级工证 上海积分给多少');
    expect(after.text).toContain('60分'); // 三级 60 (§1.3)
    expect(after.state.facts).toEqual(before.state.facts);
    expect(after.state.pending).toBe(before.state.pending);
  });

  it('still records what I say of myself with my question', () => {
    const before = say(null, '上海 我35岁 高中毕业');
    const after = say(before.state, '我手上有个电工四级 能加多少分');
    expect(after.state.facts.certificates).toEqual([expect.objectContaining({ kind: 'skill', level: 4 })]);
  });
});
