import type { CityLexiconEntry } from '../../src/nlu/index.js';

/** Cities as the rule files describe them (docs/policy/README.md lists the six); the aliases are the common ones. */
export const CITIES: CityLexiconEntry[] = [
  { id: 'shanghai', name: '上海', aliases: ['沪', '魔都', '申城'] },
  { id: 'xuchang', name: '许昌', aliases: [] },
  { id: 'fuzhou', name: '福州', aliases: ['榕城'] },
  { id: 'xiamen', name: '厦门', aliases: ['鹭岛'] },
  { id: 'quanzhou', name: '泉州', aliases: ['鲤城'] },
  { id: 'fuling', name: '涪陵', aliases: [] },
];
