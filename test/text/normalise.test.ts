import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { homophoneTable, SPELLING_TABLE_PATH } from '../../scripts/spelling-table.js';
import { normaliseText } from '../../src/text/normalise.js';

describe('the shared normaliser', () => {
  it('turns traditional (Taiwan and Hong Kong) characters into simplified ones, words included', () => {
    expect(normaliseText('我在上海幹電工十幾年了，證書記錯了')).toBe('我在上海干电工十几年了,证书记错了');
    expect(normaliseText('乾淨')).toBe('干净');
    expect(normaliseText('頭髮')).toBe('头发');
  });

  it('makes full-width letters and digits half-width and lower case, and keeps spaces', () => {
    expect(normaliseText('ＯＫ　３２岁')).toBe('ok 32岁');
  });

  it('repairs pinyin-input slips of the domain words', () => {
    expect(normaliseText('低压证多久复申一次')).toBe('低压证多久复审一次');
    expect(normaliseText('積份怎么算')).toBe('积分怎么算');
    expect(normaliseText('社宝交了5年')).toBe('社保交了5年');
    expect(normaliseText('电公证')).toBe('电工证');
    expect(normaliseText('有效其多久')).toBe('有效期多久');
  });

  it('leaves real words that only sound like a domain word, and correct words next to each other, alone', () => {
    expect(normaliseText('能得几分')).toBe('能得几分');
    expect(normaliseText('电工中级证')).toBe('电工中级证');
    expect(normaliseText('考技师要几年')).toBe('考技师要几年');
    expect(normaliseText('我记得是2019年')).toBe('我记得是2019年');
  });

  it('reads a homophone table that is up to date with dialogs/spelling.yaml (npm run spelling:build)', () => {
    const committed = JSON.parse(readFileSync(SPELLING_TABLE_PATH, 'utf8'));
    expect(committed).toEqual(homophoneTable());
  });
});
