// Questions about the user's own case, answered from the user's own breakdown in the session's city.
// Golden figures: docs/policy/sources-notes.md §1.3 (沪府发〔2017〕98号 第六条: age 56–60 → 5, +2 per year younger, cap
// 30; 本科 60, 本科+学士 90; 五级 15 … 三级 60; 3 per insured year; education or skill, the higher) and §2.2 (三级 after
// 四级 + 5 years), §3.2 (permit valid 6 years).
import { describe, expect, it } from 'vitest';
import { createFaq, type FaqAnswer, faqReply, loadFaq, loadFaqReplies } from '../../src/faq/index.js';
import type { Facts } from '../../src/scoring/facts.js';
import { loadRules } from '../../src/scoring/index.js';

const rules = loadRules();
const faq = createFaq(loadFaq(), { national: rules.national, cities: rules.cities });
const replies = loadFaqReplies();
const today = '2026-12-01';

function answered(question: string, facts: Facts, city?: string): Extract<FaqAnswer, { kind: 'answer' }> {
  const a = faq.answer(question, { facts, today, ...(city ? { city } : {}) });
  if (a.kind !== 'answer') throw new Error(`"${question}" was not answered: ${JSON.stringify(a).slice(0, 200)}`);
  return a;
}

describe('a question about my own figures', () => {
  it('gives my own age points in the session city', () => {
    // 47: 5 + 2 × (56 − 47) = 23
    expect(answered('那我这岁数年龄能拿几分', { age: 47 }, '上海').text).toContain('23分');
    // 41 is 43 or younger: the cap, 30
    expect(answered('我年纪这样年龄分给多少啊', { age: 41 }, '上海').text).toContain('30分');
  });

  it('counts my certificate on an unstated condition as holding, and says so', () => {
    const facts: Facts = { age: 39, education: 'high_school', certificates: [{ kind: 'skill', occupation: '电工', level: 3 }] };
    const a = answered('我这本证在上海积分能给几分', facts, '上海');
    expect(a.text).toContain('60分'); // 三级 60
    expect(a.assumed).toEqual(['issuedWhileWorkingInCity', 'matchesJob']);
    const reply = faqReply(a, replies);
    expect(reply.text).toContain('在当地工作期间考的');
    expect(reply.text).toContain('对口');
  });

  it('says what my certificate is worth beside a degree that wins', () => {
    const facts: Facts = {
      age: 36,
      education: 'bachelor_degree',
      certificates: [{ kind: 'skill', occupation: '电工', level: 4, issuedWhileWorkingInCity: true, matchesJob: true }],
    };
    const text = answered('我的证能加几分呀', facts, '上海').text;
    expect(text).toContain('30'); // 四级 30
    expect(text).toContain('90'); // 本科+学士学位 90, the higher one
  });

  it('totals what is known and the gap to the standard', () => {
    // 38 → 30; 三级 60 (obtained there, matching) over 本科 60 → 60; 4 years × 3 = 12; 102, 18 short of 120
    const facts: Facts = {
      age: 38,
      education: 'bachelor',
      socialInsuranceYears: 4,
      certificates: [{ kind: 'skill', occupation: '电工', level: 3, issuedWhileWorkingInCity: true, matchesJob: true }],
    };
    const text = answered('照我这情况现在一共多少分 还差多少', facts, '上海').text;
    expect(text).toContain('102分');
    expect(text).toContain('18分');
  });

  it('tells the earliest date to sit the next level from my certificate date', () => {
    // 四级 obtained 2023-03 → 三级 after 5 more years in the occupation: 2028-03
    const facts: Facts = { age: 33, certificates: [{ kind: 'skill', occupation: '电工', level: 4, issuedOn: '2023-03-01' }] };
    expect(answered('我最早哪年能去考高级工', facts, '上海').text).toContain('2028年3月');
  });

  it('gives my permit expiry even after its review date has passed', () => {
    // issued 2021-04 → valid 6 years: 2027-04; its first review (2024-04) is past and may have been done
    const facts: Facts = { certificates: [{ kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2021-04-01' }] };
    expect(answered('我这个操作证哪年到期', facts, '上海').text).toContain('2027年4月');
  });

  it('never uses my facts for another city than mine', () => {
    // A Guangzhou user asking about Shanghai's age points gets the rule, not "按你…岁".
    const a = answered('上海积分年龄分是怎么给的', { age: 47 }, '广州');
    expect(a.text).not.toContain('按你');
    expect(a.text).toContain('30分');
  });

  it('says which fact is missing when it cannot answer for me yet', () => {
    expect(answered('我这个年纪年龄分多少', {}, '上海').text).toContain('告诉我你今年多大');
  });
});
