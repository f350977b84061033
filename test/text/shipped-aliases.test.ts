/**
 * The shipped rules carry the aliases the product promises (穗/羊城, 鹏城, 京/帝都, 津, 姑苏, 杭, 莞, 蓉, 甬, 江城,
 * 金陵/宁, 渝/山城, 郑), and the city question's featured buttons all have a rules file.
 */
import { describe, expect, it } from 'vitest';
import { loadDialogSpec } from '../../src/dialog/spec.js';
import { createUnderstander, loadDefaultLexicon } from '../../src/nlu/index.js';
import { loadRules } from '../../src/scoring/index.js';
import { CityMentions } from '../../src/text/city-mentions.js';

const cities = loadRules().cities;
const mentions = new CityMentions(cities, loadDefaultLexicon().cityShortForm);
const understand = createUnderstander(cities);

describe('the shipped cities', () => {
  it.each([
    ['穗', 'guangzhou'],
    ['羊城', 'guangzhou'],
    ['鹏城', 'shenzhen'],
    ['京', 'beijing'],
    ['帝都', 'beijing'],
    ['津', 'tianjin'],
    ['姑苏', 'suzhou'],
    ['杭', 'hangzhou'],
    ['莞', 'dongguan'],
    ['蓉', 'chengdu'],
    ['甬', 'ningbo'],
    ['江城', 'wuhan'],
    ['金陵', 'nanjing'],
    ['宁', 'nanjing'],
    ['渝', 'chongqing'],
    ['山城', 'chongqing'],
    ['郑', 'zhengzhou'],
  ])('%s is %s', (alias, id) => {
    expect(understand(alias, { fact: 'city' }).city).toBe(id);
  });

  it('南京 is nanjing and 宁愿 names no city, with the shipped aliases', () => {
    expect(mentions.idsIn('我在南京')).toEqual(['nanjing']);
    expect(mentions.idsIn('我宁愿')).toEqual([]);
    expect(mentions.idsIn('有津贴吗')).toEqual([]);
    expect(understand('重庆涪陵', { fact: 'city' }).city).toBe('fuling');
  });

  it('has twenty cities and every featured button has a rules file', () => {
    expect(cities).toHaveLength(20);
    const ids = new Set(cities.map((c) => c.id));
    const { featured } = loadDialogSpec().cityButtons;
    expect(featured.length).toBeGreaterThan(0);
    for (const id of featured) expect(ids.has(id), id).toBe(true);
  });
});
