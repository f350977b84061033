/**
 * The buttons of a question are built once per question key and shared between turns: a turn must never see another
 * turn's changes through them, and the state's `offered` list stays the turn's own.
 */
import { describe, expect, it } from 'vitest';
import { step } from '../../src/dialog/engine.js';
import type { DialogContext } from '../../src/dialog/ports.js';
import { loadCore } from '../../src/app/core.js';
import { fixedFaq } from '../support/fixed-faq.js';

const core = loadCore();
const ctx: DialogContext = { ...core, faq: fixedFaq('稍后支持'), today: '2026-03-02', now: 1_772_416_800_000 };

/** Two users reach the same question: whether their 电工四级 was obtained while working in Shanghai. */
function reachCertificateQuestion() {
  const first = step(null, { text: '上海' }, ctx);
  return step(first.state, { text: '我30岁，本科有学位，电工四级，交了5年社保' }, ctx);
}

describe('shared question choices', () => {
  it('offers the same buttons to two users, as values of the pending question', () => {
    const a = reachCertificateQuestion();
    const b = reachCertificateQuestion();
    const question = (r: typeof a) => r.replies.find((x) => x.kind === 'question')!;
    expect(a.state!.pending).toBe('certificates.issuedWhileWorkingInCity#0');
    // dialogs/intake.yaml: 是 / 不是 for certificates.issuedWhileWorkingInCity.
    expect(question(a).choices).toEqual([
      { label: '是', value: 'q:certificates.issuedWhileWorkingInCity#0=true' },
      { label: '不是', value: 'q:certificates.issuedWhileWorkingInCity#0=false' },
    ]);
    expect(question(b).choices).toEqual(question(a).choices);
    expect(a.state!.offered).toEqual(question(a).choices!.map((c) => c.value));
  });

  it("a turn's offered list is its own: changing it changes no other turn's", () => {
    const a = reachCertificateQuestion();
    a.state!.offered.push('cmd:help');
    a.state!.offered[0] = 'cmd:skip';
    const b = reachCertificateQuestion();
    expect(b.state!.offered).toEqual(['q:certificates.issuedWhileWorkingInCity#0=true', 'q:certificates.issuedWhileWorkingInCity#0=false']);
  });

  it('shared buttons cannot be changed by a reply consumer', () => {
    const a = reachCertificateQuestion();
    const choices = a.replies.find((x) => x.kind === 'question')!.choices!;
    expect(() => (choices as Array<{ label: string; value: string }>).push({ label: 'x', value: 'y' })).toThrow(TypeError);
    expect(() => {
      (choices[0] as { label: string }).label = '改';
    }).toThrow(TypeError);
  });

  it('a typed button label picks that button', () => {
    const a = reachCertificateQuestion();
    const next = step(a.state, { text: '不是' }, ctx);
    expect(next.state!.facts.certificates?.[0]?.issuedWhileWorkingInCity).toBe(false);
  });

  it('the city buttons are one frozen list for every new user', () => {
    const a = step(null, {}, ctx);
    const b = step(null, {}, ctx);
    const cityQuestion = (r: typeof a) => r.replies.find((x) => x.kind === 'question')!;
    expect(a.state!.pending).toBe('city');
    // The same array each time, so the Telegram renderer builds its keyboard once (it memoises per frozen array).
    expect(cityQuestion(b).choices).toBe(cityQuestion(a).choices);
    expect(Object.isFrozen(cityQuestion(a).choices)).toBe(true);
    expect(cityQuestion(a).choices!.every((c) => Object.isFrozen(c))).toBe(true);
    // rules/: Shanghai is one of the cities, answered by its id.
    expect(cityQuestion(a).choices).toContainEqual({ label: '上海', value: 'q:city=shanghai' });
    expect(a.state!.offered).toEqual(cityQuestion(a).choices!.map((c) => c.value));
    a.state!.offered.pop();
    expect(step(null, {}, ctx).state!.offered).toEqual(cityQuestion(a).choices!.map((c) => c.value));
  });

  /** Two misses on the optional insuranceBaseAboveAverage question: its buttons come back with 跳过. */
  function missOptionalQuestionTwice() {
    let r = reachCertificateQuestion();
    for (const text of ['是', '对口', '2020年5月', '6年', '啊啊啊', '哦哦哦']) r = step(r.state, { text }, ctx);
    return r;
  }

  it('the buttons with 跳过 are shared and frozen too, and 跳过 still skips', () => {
    const a = missOptionalQuestionTwice();
    const b = missOptionalQuestionTwice();
    const question = (r: typeof a) => r.replies.find((x) => x.kind === 'question')!;
    // The first optional question for a 本科 graduate: whether the major is related (it moves the 三级 sit date).
    expect(a.state!.pending).toBe('relatedMajor');
    // dialogs/intake.yaml: 对口 / 不对口, and the 跳过 choice of its messages.
    expect(question(a).choices).toEqual([
      { label: '对口', value: 'q:relatedMajor=true' },
      { label: '不对口', value: 'q:relatedMajor=false' },
      { label: '跳过', value: 'cmd:skip' },
    ]);
    expect(question(b).choices).toBe(question(a).choices);
    expect(Object.isFrozen(question(a).choices)).toBe(true);
    expect(() => (question(a).choices as Array<{ label: string; value: string }>).pop()).toThrow(TypeError);
    a.state!.offered.pop();
    expect(b.state!.offered).toEqual(['q:relatedMajor=true', 'q:relatedMajor=false', 'cmd:skip']);
    const skipped = step(b.state, { text: '3' }, ctx);
    expect(skipped.state!.skipped).toContain('relatedMajor');
  });
});
