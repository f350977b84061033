import { describe, expect, it } from 'vitest';
import { parseChineseNumber } from '../../src/nlu/index.js';

describe('parseChineseNumber', () => {
  it.each([
    ['32', 32],
    ['３２', 32],
    ['三十二', 32],
    ['二十五', 25],
    ['两', 2],
    ['十', 10],
    ['十八', 18],
    ['一百', 100],
    ['一百零五', 105],
    ['五年半', 5.5],
    ['半年', 0.5],
    ['一年半', 1.5],
    ['1.5', 1.5],
    ['１．５', 1.5],
    ['5年多', 5],
    ['十多年', 10],
    ['两年', 2],
    ['32岁', 32],
    ['三十二周岁', 32],
    ['二〇二〇', 2020],
    [' 8 ', 8],
  ])('%s → %s', (text, value) => {
    expect(parseChineseNumber(text)).toBe(value);
  });

  it.each(['', 'abc', '三级', '电工', '32abc', '年', '🙂'])('%s is not a number', (text) => {
    expect(parseChineseNumber(text)).toBeUndefined();
  });
});
