/**
 * Which city a message names, by the names and aliases of the rule files. The alias lists are those the product asks
 * for (穗/羊城, 鹏城, 京/帝都, 津, 姑苏, 杭, 莞, 蓉, 甬, 江城, 金陵/宁, 渝/山城, 郑); a one-character alias must not fire
 * inside an ordinary word, and a longer name wins over the alias inside it (南京 is nanjing, not 京 = beijing).
 */
import { describe, expect, it } from 'vitest';
import { createUnderstander, loadDefaultLexicon } from '../../src/nlu/index.js';
import { CityMentions, type NamedCity } from '../../src/text/city-mentions.js';

const TWENTY_STYLE: NamedCity[] = [
  { id: 'shanghai', name: '上海', aliases: ['上海市', '沪', '魔都', 'sh'] },
  { id: 'guangzhou', name: '广州', aliases: ['广州市', '穗', '羊城'] },
  { id: 'shenzhen', name: '深圳', aliases: ['深圳市', '鹏城'] },
  { id: 'beijing', name: '北京', aliases: ['北京市', '京', '帝都'] },
  { id: 'tianjin', name: '天津', aliases: ['天津市', '津'] },
  { id: 'suzhou', name: '苏州', aliases: ['苏州市', '姑苏'] },
  { id: 'hangzhou', name: '杭州', aliases: ['杭州市', '杭'] },
  { id: 'dongguan', name: '东莞', aliases: ['东莞市', '莞'] },
  { id: 'chengdu', name: '成都', aliases: ['成都市', '蓉'] },
  { id: 'ningbo', name: '宁波', aliases: ['宁波市', '甬'] },
  { id: 'wuhan', name: '武汉', aliases: ['武汉市', '江城'] },
  { id: 'nanjing', name: '南京', aliases: ['南京市', '金陵', '宁'] },
  { id: 'chongqing', name: '重庆', aliases: ['重庆市', '渝', '山城'] },
  { id: 'zhengzhou', name: '郑州', aliases: ['郑州市', '郑'] },
  { id: 'fuling', name: '涪陵', aliases: ['重庆涪陵', '涪陵区'] },
];

const mentions = new CityMentions(TWENTY_STYLE, loadDefaultLexicon().cityShortForm);
const understand = createUnderstander(TWENTY_STYLE);

describe('city mentions', () => {
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
  ])('reads the alias %s alone as %s', (text, id) => {
    expect(mentions.idsIn(text)).toEqual([id]);
    expect(understand(text, { fact: 'city' }).city).toBe(id);
  });

  it('prefers the longer name: 南京 is nanjing, 北京 beijing, 宁波 ningbo, 重庆涪陵 fuling', () => {
    expect(mentions.idsIn('南京')).toEqual(['nanjing']);
    expect(mentions.idsIn('我在南京打工')).toEqual(['nanjing']);
    expect(mentions.idsIn('北京')).toEqual(['beijing']);
    expect(mentions.idsIn('宁波')).toEqual(['ningbo']);
    expect(mentions.idsIn('重庆涪陵')).toEqual(['fuling']);
    expect(mentions.idsIn('重庆')).toEqual(['chongqing']);
  });

  it('does not read a one-character alias inside another word', () => {
    for (const text of ['我宁愿去上海', '有没有津贴', '郑重问一下', '东京', '南宁', '莞尔一笑', '在京东上班', '杭育']) {
      expect(
        mentions.idsIn(text).filter((id) => id !== 'shanghai'),
        text,
      ).toEqual([]);
    }
    expect(mentions.idsIn('我宁愿去上海')).toEqual(['shanghai']);
    expect(understand('有没有津贴').city).toBeUndefined();
    expect(understand('我宁愿去上海').city).toBe('shanghai');
  });

  it('reads a one-character alias in a frame or between punctuation and digits', () => {
    expect(mentions.idsIn('我在京工作')).toEqual(['beijing']);
    expect(mentions.idsIn('想去宁落户')).toEqual(['nanjing']);
    expect(mentions.idsIn('来穗打工')).toEqual(['guangzhou']);
    expect(mentions.idsIn('津,32岁')).toEqual(['tianjin']);
    expect(understand('在沪工作5年').city).toBe('shanghai');
  });

  it('reads a Latin alias only as a whole word', () => {
    expect(mentions.idsIn('sh')).toEqual(['shanghai']);
    expect(mentions.idsIn('push')).toEqual([]);
  });

  it('knows no city it has no rules for (兰州)', () => {
    expect(mentions.idsIn('兰州')).toEqual([]);
    expect(understand('兰州', { fact: 'city' }).city).toBeUndefined();
  });

  it('exact: the whole text is one name', () => {
    expect(mentions.exact('帝都')?.id).toBe('beijing');
    expect(mentions.exact('帝都积分')).toBeUndefined();
  });
});
