// Golden figures come from docs/policy (docs/policy/sources-notes.md §1.3, §3.2, §4, §5) and seed 002, not from the code.
import { describe, expect, it } from 'vitest';
import { createFaq, faqReply, loadFaq, loadFaqReplies, type FaqAnswer } from '../../src/faq/index.js';

const faq = createFaq(loadFaq());
const replies = loadFaqReplies();

function answered(question: string): Extract<FaqAnswer, { kind: 'answer' }> {
  const a = faq.answer(question);
  if (a.kind !== 'answer') throw new Error(`"${question}" was not answered: ${JSON.stringify(a).slice(0, 200)}`);
  return a;
}

describe('golden answers', () => {
  it('特种作业操作证: reviewed every 3 years, 10-year extension, apply 60 days before', () => {
    const a = answered('特种作业证多久复审？');
    expect(a.entry.id).toBe('special-op-review');
    expect(a.text).toContain('每3年');
    expect(a.text).toContain('10年');
    expect(a.text).toContain('60天');
    expect(a.followUps).toContainEqual({ label: '设复审提醒', value: 'remind:review' });
  });

  it('特种作业操作证 is valid 6 years', () => {
    expect(answered('低压电工操作证有效期是几年').text).toContain('6年');
  });

  it('a special-operation permit earns no skill points', () => {
    const a = answered('低压电工证能积分吗？');
    expect(a.entry.id).toBe('special-op-no-points');
    expect(a.text).toContain('不能');
  });

  it('old certificates stay valid (2017–2021 reform)', () => {
    const a = answered('2017年以前的职业资格证还有效吗？');
    expect(a.entry.id).toBe('old-cert-valid');
    expect(a.text).toContain('继续有效');
  });

  it('online lookup is "usually within about 3 months", marked as an estimate', () => {
    const a = answered('证书在网上查不到怎么办？');
    expect(a.entry.id).toBe('verify-not-found');
    expect(a.text).toContain('3个月');
    const when = faq.answerById('verify-when');
    expect(when.kind === 'answer' && when.entry.status).toBe('estimated');
    expect(faqReply(when, replies).after).toBe(replies.estimatedNote);
  });

  it('Shanghai: 电工 is no. 31 of the 63-occupation catalog; 五级 15 … 一级 140; standard 120', () => {
    expect(answered('上海积分认哪些工种的证书').text).toMatch(/63.*第31号/);
    const points = answered('电工证在上海积多少分？').text;
    for (const figure of ['五级15分', '四级30分', '三级60分', '二级100分', '一级140分', '120分']) expect(points).toContain(figure);
  });

  it('Shanghai only counts certificates obtained while working there', () => {
    const a = answered('外地考的证上海认吗？');
    expect(a.entry.id).toBe('shanghai-outside-cert');
    expect(a.text).toContain('在本市工作期间取得');
  });

  it('许昌 and 泉州 are open settlement: no certificate needed', () => {
    expect(answered('许昌落户一定要有证书吗').text).toContain('不需要');
    expect(answered('泉州落户要有技能证书吗').text).toContain('不需要');
  });

  it('Chongqing skill subsidy 1,000 / 1,500 / 2,000 元', () => {
    const text = answered('涪陵考电工证能领多少补贴').text;
    for (const figure of ['1000元', '1500元', '2000元']) expect(text).toContain(figure);
  });
});

describe('not answering', () => {
  it('says it does not know an out-of-scope question and points to what it can do', () => {
    expect(faq.answer('今天天气怎么样').kind).toBe('out_of_scope');
    expect(faq.answer('').kind).toBe('out_of_scope');
    expect(faq.answer('？？？!!!').kind).toBe('out_of_scope');
    const reply = faqReply({ kind: 'out_of_scope' }, replies);
    expect(reply.text).toContain('答不了');
    expect(reply.text).toContain('{coveredCities}'); // filled with the cities of rules/ by the wiring (app/ports.ts)
    expect(reply.choices?.map((c) => c.value)).toContain('result');
  });

  it('offers the closest 3 questions as choices when unsure', () => {
    // A threshold no score reaches forces the unsure branch for an in-scope question.
    const strict = createFaq(loadFaq(), { threshold: Number.MAX_VALUE });
    const a = strict.answer('电工证复审');
    expect(a.kind).toBe('unsure');
    if (a.kind !== 'unsure') return;
    expect(a.candidates).toHaveLength(3);
    expect(a.candidates.map((c) => c.entry.id)).toContain('special-op-review');
    const reply = faqReply(a, replies);
    expect(reply.choices).toHaveLength(3);
    expect(reply.choices?.every((c) => c.value.startsWith('faq:'))).toBe(true);
  });

  it('answers a chosen candidate by id', () => {
    const a = faq.answerById('five-levels');
    expect(a.kind === 'answer' && a.text).toContain('五级/初级工');
    expect(faq.answerById('no-such-entry').kind).toBe('out_of_scope');
  });
});
