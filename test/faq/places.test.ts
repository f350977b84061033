/**
 * The FAQ's city patterns come from the rules files' names and aliases: a city added as one rules file is told apart
 * from the others by the FAQ with no code change, by any of its aliases; a place without rules is "elsewhere".
 */
import { describe, expect, it } from 'vitest';
import type { FaqEntry } from '../../src/faq/index.js';
import { createFaq, createRanker, faqPlaces, loadFaq } from '../../src/faq/index.js';
import { facetsOf } from '../../src/faq/facets.js';

const cities = [
  { id: 'shanghai', name: '上海', aliases: ['沪', '魔都'] },
  { id: 'lanzhou', name: '兰州', aliases: ['兰州市', '金城'] },
  { id: 'beijing', name: '北京', aliases: ['京', '帝都'] },
];
const places = faqPlaces(cities);

describe('FAQ places from the rules', () => {
  it('reads a covered city by its name or any alias, and a one-character alias only on its own', () => {
    expect([...facetsOf('帝都积分要什么条件', places).places]).toEqual(['beijing']);
    expect([...facetsOf('在京工作能积分吗', places).places]).toEqual(['beijing']);
    expect([...facetsOf('金城落户', places).places]).toEqual(['lanzhou']);
    expect([...facetsOf('我宁愿考证', places).places]).toEqual([]);
  });

  it('a name on the list of other places is the covered city once it has rules, elsewhere before', () => {
    expect([...facetsOf('北京积分', places).places]).toEqual(['beijing']);
    const without = faqPlaces(cities.filter((c) => c.id !== 'beijing'));
    expect([...facetsOf('北京积分', without).places]).toEqual(['elsewhere']);
    expect([...facetsOf('西安落户', places).places]).toEqual(['elsewhere']);
  });

  it('answers the entry of the city an alias names, and demotes it for another city', () => {
    const entry = (id: string, city: string, name: string): FaqEntry => ({
      id,
      question: `${name}落户要什么条件？`,
      answer: `${name}的落户条件（测试用）。`,
      source: ['test fixture'],
      status: 'estimated',
      examples: [`${name}怎么落户`, `${name}落户条件`, `${name}上户口要求`],
      scope: { cities: [city] },
    });
    // Two entries alone score far below the shipped threshold (BM25 grows with the corpus): compare the ranking.
    const rank = createRanker([entry('lz', 'lanzhou', '兰州'), entry('sh', 'shanghai', '上海')], {}, places);
    const byAlias = rank('金城落户要什么条件');
    expect(byAlias.map((h) => h.entry.id)).toEqual(['lz', 'sh']);
    expect(byAlias[1]!.score).toBeLessThan(byAlias[0]!.score * 0.5);
    expect(rank('魔都落户要什么条件')[0]?.entry.id).toBe('sh');
  });
});

describe('the covered-cities answer', () => {
  it('lists every city with a rules file, in the rules order', () => {
    const faq = createFaq(loadFaq(), { places });
    const a = faq.answerById('supported-cities');
    expect(a.kind === 'answer' ? a.text : '').toContain('上海、兰州、北京');
  });
});
