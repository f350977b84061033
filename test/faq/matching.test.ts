// How the matcher tells neighbouring entries apart: normalisation, synonyms, scope reranking, the margin rule.
// Figures asserted come from docs/policy/sources-notes.md (§2.2 电工 standard, §3.2 令第30号).
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFaq, createRanker, FaqLoadError, loadFaq, type FaqAnswer } from '../../src/faq/index.js';
import { facetsOf, scopeConflicts } from '../../src/faq/facets.js';
import { normaliseText as normaliseQuestion } from '../../src/text/normalise.js';
import { wordTokens } from '../../src/faq/tokenise.js';
import { defaultPlaces } from '../../src/faq/load.js';

const places = defaultPlaces();

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const faq = createFaq(loadFaq());

function answered(question: string): Extract<FaqAnswer, { kind: 'answer' }> {
  const a = faq.answer(question);
  if (a.kind !== 'answer') throw new Error(`"${question}" was not answered: ${JSON.stringify(a).slice(0, 200)}`);
  return a;
}

describe('normalising a question', () => {
  it('turns traditional characters, full-width digits and pinyin slips into the simplified domain words', () => {
    expect(normaliseQuestion('特種作業證多久複審？')).toBe('特种作业证多久复审?');
    expect(normaliseQuestion('操作证多久复申一次')).toBe('操作证多久复审一次');
    expect(normaliseQuestion('电公证分几类')).toBe('电工证分几类');
    expect(normaliseQuestion('上海４級證書')).toBe('上海4级证书');
  });

  it('maps synonyms to one word, so 年检, 年审 and 复审 meet', () => {
    for (const variant of ['低压电工证要年检吗', '低压电工证要年审吗'])
      expect(wordTokens(normaliseQuestion(variant), places)).toContain('复审');
    expect(wordTokens(normaliseQuestion('中级电工'), places)).toContain('lv4');
    expect(wordTokens(normaliseQuestion('4级电工'), places)).toContain('lv4');
  });
});

describe('facets', () => {
  it('reads the level a question asks about: the highest one named, school names are not levels', () => {
    const f = facetsOf(normaliseQuestion('五级拿了4年能报四级吗'), places);
    expect([...f.levels].sort()).toEqual([4, 5]);
    expect(scopeConflicts(f, { levels: [4] }).level).toBe(false);
    expect(scopeConflicts(f, { levels: [5] }).level).toBe(true);
    expect([...facetsOf('技师学院毕业有四级证', places).levels]).toEqual([4]);
    expect(facetsOf('三级是不是高级工', places).levelNamedTwice).toBe(true);
  });

  it('reads places and the kind of certificate', () => {
    const f = facetsOf('在江苏考的低压证去上海能用吗', places);
    expect([...f.places].sort()).toEqual(['elsewhere', 'shanghai']);
    expect([...f.certificates]).toEqual(['special_operation']);
    expect(scopeConflicts(f, { cities: ['xiamen'] }).place).toBe(true);
    expect(scopeConflicts(facetsOf('落户要什么条件', places), { cities: ['xiamen'] }).unnamedCity).toBe(true);
  });
});

describe('neighbouring entries', () => {
  it('answers the level asked about (电工 standard, policy §2.2)', () => {
    expect(answered('考初级电工要什么条件').entry.id).toBe('apply-level5');
    const level4 = answered('考中级电工要什么条件');
    expect(level4.entry.id).toBe('apply-level4');
    expect(level4.text).toContain('4年');
    expect(answered('考高级电工要什么条件').entry.id).toBe('apply-level3');
  });

  it('keeps the two lookup sites apart (policy §3.4)', () => {
    expect(answered('低压电工操作证在哪里查真假').text).toContain('cx.mem.gov.cn');
    expect(answered('四级电工等级证书在哪里查').text).toContain('jndj.osta.org.cn');
  });

  it('keeps validity and the review apart (令第30号: valid 6 years, review every 3)', () => {
    expect(answered('电工操作证有效期几年').entry.id).toBe('special-op-validity');
    expect(answered('电工操作证几年复审一次').entry.id).toBe('special-op-review');
  });

  it('does not answer a city-only small talk question with a city entry', () => {
    expect(faq.answer('泉州有什么特产').kind).not.toBe('answer');
  });

  it('offers the choices instead of guessing when the runner-up is as good as a best that is not strong', () => {
    // A ratio of 0 makes every runner-up "too close"; a threshold just under the best score keeps that best from
    // being strong (1.5 × the threshold answers a near-tie): the question then gets the 3 closest entries.
    const best = createRanker(loadFaq())('特种作业证多久复审')[0]!.score;
    const a = createFaq(loadFaq(), { maxRunnerUpRatio: 0, threshold: best / 1.2 }).answer('特种作业证多久复审');
    expect(a.kind).toBe('unsure');
    if (a.kind === 'unsure') {
      expect(a.candidates).toHaveLength(3);
      expect(a.candidates.map((c) => c.entry.id)).toContain('special-op-review');
    }
  });
});

describe('scope validation', () => {
  it('names the file and path of an unknown city or level', () => {
    let error: unknown;
    try {
      loadFaq(join(fixtures, 'bad-scope'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FaqLoadError);
    const message = (error as Error).message;
    expect(message).toContain('entries.yaml: entries[0].scope.cities[0]');
    expect(message).toContain('entries[0].scope.levels[0]');
  });
});
