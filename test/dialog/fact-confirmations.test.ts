/**
 * What the bot says it recorded: one line for everything a message stated (vague amounts said with how they were
 * counted, a certificate with its conditions), corrections said as "改好了", and the weighing of what was said
 * against what is known (where a certificate was obtained, which number a bare correction is).
 */
import { describe, expect, it } from 'vitest';
import { loadCore } from '../../src/app/core.js';
import { step, type DialogInput } from '../../src/dialog/engine.js';
import type { DialogContext } from '../../src/dialog/ports.js';
import type { DialogState } from '../../src/dialog/state.js';
import { fixedFaq } from '../support/fixed-faq.js';

const core = loadCore();
const ctx: DialogContext = { ...core, faq: fixedFaq('稍后支持'), today: '2026-12-01', now: 1_796_083_200_000 };

function play(texts: string[]) {
  let state: DialogState | null = null;
  let replies: ReturnType<typeof step>['replies'] = [];
  for (const text of texts) {
    const out = step(state, { text } as DialogInput, ctx);
    state = out.state;
    replies = out.replies;
  }
  return { state: state!, replies, text: replies.map((r) => r.text).join('\n') };
}

const notices = (replies: ReturnType<typeof play>['replies']) => replies.filter((r) => r.kind === 'notice').map((r) => r.text);

describe('confirming what was recorded', () => {
  it('a vague amount is recorded as its full years and the line says how it was counted', () => {
    const { state, text } = play(['上海 45岁 高中 电工四级', '社保交了十几年']);
    expect(state.facts.socialInsuranceYears).toBe(10);
    expect(text).toContain('本市社保年限 10年（“十几年”按10年算）');
  });

  it('a certificate and the conditions said with it, in one line', () => {
    const { state, replies } = play(['上海 40岁 高中', '电工四级 来上海以后考的 一直干电工']);
    expect(state.facts.certificates).toEqual([
      { kind: 'skill', occupation: '电工', level: 4, issuedWhileWorkingInCity: true, matchesJob: true },
    ]);
    const lines = notices(replies).filter((t) => t.startsWith('记下了'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('电工四级');
    expect(lines[0]).toContain('在本市工作期间取得 是');
    expect(lines[0]).toContain('证书与岗位相符');
  });

  it('the degree answer that keeps 本科 is confirmed too', () => {
    const { state, text } = play(['上海 本科 电工三级', '没有的']);
    expect(state.facts.education).toBe('bachelor');
    expect(state.facts.certificates).toHaveLength(1);
    expect(text).toContain('记下了：学历 本科（无学位）');
  });
});

describe('weighing what was said against what is known', () => {
  it('a certificate obtained in another covered city: not obtained while working here, and the city stays', () => {
    const { state } = play(['上海 40岁 高中', '电工四级 是在北京考的']);
    expect(state.city).toBe('shanghai');
    expect(state.facts.certificates?.[0]?.issuedWhileWorkingInCity).toBe(false);
  });

  it('"我报错了 其实是39" after the insurance years: 39 insured years cannot be at 45, so it is the age', () => {
    const { state, text } = play(['上海 45岁 高中 电工四级', '社保交了8年', '我报错了 其实是39']);
    expect(state.facts.age).toBe(39);
    expect(state.facts.socialInsuranceYears).toBe(8);
    expect(text).toContain('改好了：年龄 45岁 → 39岁');
  });

  it('"年龄说错了 应该是四十四" corrects the age it names, everything else kept', () => {
    const { state, text } = play(['上海 45岁 高中 电工四级 社保8年', '年龄说错了 应该是四十四']);
    expect(state.facts).toMatchObject({ age: 44, socialInsuranceYears: 8, education: 'high_school' });
    expect(text).toContain('改好了：年龄 45岁 → 44岁');
  });

  it('"是三十八 不是三十六" corrects the fact that holds 36 (the age), the insurance years kept', () => {
    const { state, text } = play(['上海 36岁 高中 电工四级 社保交了8年', '搞错了 是三十八 不是三十六']);
    expect(state.facts.age).toBe(38);
    expect(state.facts.socialInsuranceYears).toBe(8);
    expect(text).toContain('改好了：年龄 36岁 → 38岁');
  });

  it('"是十年不是八年" after the age: the insurance years held 8, so they are what it corrects', () => {
    const { state } = play(['上海 45岁 高中 电工四级', '社保交了8年', '不对 社保是十年不是八年']);
    expect(state.facts).toMatchObject({ age: 45, socialInsuranceYears: 10 });
  });

  it('"在上海" to "obtained while working in 上海?" is a yes; "在苏州" a no, and the city stays 上海', () => {
    const here = play(['上海 40岁 高中 电工三级 社保8年', '就在上海']);
    expect(here.state.facts.certificates?.[0]?.issuedWhileWorkingInCity).toBe(true);
    const elsewhere = play(['上海 40岁 高中 电工三级 社保8年', '在苏州']);
    expect(elsewhere.state.facts.certificates?.[0]?.issuedWhileWorkingInCity).toBe(false);
    expect(elsewhere.state.city).toBe('shanghai');
  });

  it('two levels named in one message are two certificates', () => {
    const { state } = play(['上海 40岁', '证有两个 一个高级工一个技师']);
    expect(state.facts.certificates?.map((c) => c.level).sort()).toEqual([2, 3]);
  });

  it('leaving in other words closes politely and keeps the facts', () => {
    const { state, replies } = play(['上海 40岁 高中', '不弄了 回头再说']);
    expect(replies.some((r) => r.kind === 'question')).toBe(false);
    expect(replies.map((r) => r.text).join('')).toContain(core.spec.messages.goodbye);
    expect(state.facts).toMatchObject({ age: 40, education: 'high_school' });
  });
});
