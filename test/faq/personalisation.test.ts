// 令第30号 (docs/policy/sources-notes.md §3.2): review every 3 years, apply within 60 days before, valid 6 years.
import { describe, expect, it } from 'vitest';
import { createFaq, loadFaq, reviewSchedule } from '../../src/faq/index.js';
import type { Facts } from '../../src/scoring/facts.js';
import { loadRules } from '../../src/scoring/index.js';

// The permit figures come from rules/national/special-operation.yaml, as in production.
const national = loadRules().national;
const faq = createFaq(loadFaq(), { national });
const permit = (issuedOn: string, lastReviewOn?: string): Facts => ({
  certificates: [{ kind: 'special_operation', occupation: '低压电工作业', issuedOn, ...(lastReviewOn ? { lastReviewOn } : {}) }],
});

describe('review dates', () => {
  it('counts 3 years from the issue date, the window opening 60 days before', () => {
    expect(reviewSchedule(permit('2022-03-10').certificates![0]!, '2024-06-01', national)).toEqual({
      issuedOn: '2022-03-10',
      lastReviewOn: '2022-03-10',
      nextReviewDate: '2025-03-10',
      reviewApplyFrom: '2025-01-09', // 10 Mar − 60 days (Feb has 28 days in 2025)
      expiryDate: '2028-03-10',
    });
  });

  it('counts from the last review when known, and handles 29 February', () => {
    const s = reviewSchedule(permit('2018-05-01', '2024-02-29').certificates![0]!, '2025-01-01', national);
    expect(s?.nextReviewDate).toBe('2027-02-28');
    expect(s?.expiryDate).toBe('2024-05-01');
  });

  it('gives no date once the due date has passed, and none for a skill certificate', () => {
    expect(reviewSchedule(permit('2015-01-01').certificates![0]!, '2024-01-01', national)).toBeUndefined();
    expect(reviewSchedule({ kind: 'skill', occupation: '电工', level: 4, issuedOn: '2022-01-01' }, '2023-01-01', national)).toBeUndefined();
  });
});

describe('personalised answers', () => {
  it('tells the next review date from the session facts', () => {
    const a = faq.answer('特种作业证多久复审？', { facts: permit('2022-03-10'), today: '2024-06-01' });
    expect(a.kind).toBe('answer');
    if (a.kind !== 'answer') return;
    expect(a.text).toContain('2025年3月10日');
    expect(a.text).toContain('2025年1月9日');
    expect(a.text).toContain('每3年');
  });

  it('falls back to the general answer without facts, without a date, or when the date has passed', () => {
    const general = faq.answerById('special-op-review');
    const generalText = general.kind === 'answer' ? general.text : '';
    for (const context of [{}, { facts: permit('2022-03-10') }, { facts: permit('2015-01-01'), today: '2024-01-01' }]) {
      const a = faq.answer('特种作业证多久复审？', context);
      expect(a.kind === 'answer' && a.text).toBe(generalText);
    }
  });

  it('names the highest skill level held', () => {
    const facts: Facts = {
      certificates: [
        { kind: 'skill', occupation: '电工', level: 4 },
        { kind: 'skill', occupation: '电工', level: 3 },
      ],
    };
    const a = faq.answerById('five-levels', { facts, today: '2024-01-01' });
    expect(a.kind === 'answer' && a.text).toContain('三级/高级工');
  });
});
