/**
 * The city question once there are more cities than fit on the buttons: the featured cities of dialogs/intake.yaml
 * and 其他城市, which lists every covered city; any alias typed works; an unknown city (兰州) gets the list.
 * The real rules plus four fixture cities (test/dialog/fixtures/more-cities: placeholders, no policy) make sure the
 * count exceeds the buttons whatever rules/ holds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { step, type DialogInput } from '../../src/dialog/engine.js';
import type { DialogContext } from '../../src/dialog/ports.js';
import type { DialogState } from '../../src/dialog/state.js';
import { loadDialogSpec } from '../../src/dialog/spec.js';
import { createUnderstander } from '../../src/nlu/index.js';
import { dialogRules } from '../../src/app/ports.js';
import { fixedFaq } from '../support/fixed-faq.js';
import { defaultRulesDir, parseRulesFiles } from '../../src/scoring/index.js';
import { readRuleFiles } from '../../src/scoring/load-rules.js';

const fixtures = join(import.meta.dirname, 'fixtures', 'more-cities');
const registry = parseRulesFiles([
  ...readRuleFiles(defaultRulesDir()),
  ...readdirSync(fixtures).map((name) => ({ path: `fixtures/${name}`, text: readFileSync(join(fixtures, name), 'utf8') })),
]);
const rules = dialogRules(registry);
const spec = loadDialogSpec();
const ctx: DialogContext = {
  rules,
  spec,
  understand: createUnderstander(rules.cities),
  faq: fixedFaq('—'),
  today: '2026-03-02',
  now: 1_772_416_800_000,
};

function play(inputs: DialogInput[]) {
  let state: DialogState | null = null;
  let last = step(state, inputs[0]!, ctx);
  state = last.state;
  for (const input of inputs.slice(1)) {
    last = step(state, input, ctx);
    state = last.state;
  }
  return { state, last, text: last.replies.map((r) => r.text).join('\n') };
}

describe('the city question with many cities', () => {
  it('has more cities than the buttons show', () => {
    expect(rules.cities.length).toBeGreaterThan(spec.cityButtons.allUpTo);
  });

  it('offers the featured cities that have rules, in their order, then 其他城市', () => {
    const { last } = play([{ text: '你好' }]);
    const question = last.replies.at(-1)!;
    const known = new Set(rules.cities.map((c) => c.id));
    const featured = spec.cityButtons.featured.filter((id) => known.has(id));
    expect(question.choices?.map((c) => c.value)).toEqual([...featured.map((id) => `q:city=${id}`), 'q:city=_other']);
    expect(question.choices?.at(-1)?.label).toBe('其他城市');
    expect(question.choices?.[0]?.label).toBe('上海');
  });

  it('其他城市 lists every covered city, and a typed alias then sets the city', () => {
    const other = play([{ text: '你好' }, { choice: 'q:city=_other' }]);
    for (const city of rules.cities) expect(other.text).toContain(city.name);
    expect(other.state?.city).toBeUndefined();
    expect(other.state?.pending).toBe('city');
    const typed = play([{ text: '你好' }, { choice: 'q:city=_other' }, { text: '星城' }]);
    expect(typed.state?.city).toBe('changsha');
    expect(typed.text).toContain('长沙');
  });

  it('an unknown city (兰州) gets the list of covered cities and no city is set', () => {
    const { state, text } = play([{ text: '你好' }, { text: '兰州' }]);
    expect(state?.city).toBeUndefined();
    for (const city of rules.cities) expect(text).toContain(city.name);
  });

  it('a city with no button is reached by its name or alias', () => {
    expect(play([{ text: '你好' }, { text: '合肥' }]).state?.city).toBe('hefei');
    expect(play([{ text: '你好' }, { text: '庐州' }]).state?.city).toBe('hefei');
    expect(play([{ text: '你好' }, { text: '我在青岛工作' }]).state?.city).toBe('qingdao');
  });
});

describe('the city question with few cities', () => {
  it('shows every city as a button while they fit', () => {
    const three = readRuleFiles(defaultRulesDir()).filter((f) => /\/(national\/.*|shanghai|xuchang|fuzhou)\.yaml$/.test(f.path));
    const few = { ...ctx, rules: dialogRules(parseRulesFiles(three)) };
    expect(few.rules.cities.map((c) => c.id).sort()).toEqual(['fuzhou', 'shanghai', 'xuchang']);
    const last = step(null, { text: '你好' }, few);
    const question = last.replies.at(-1)!;
    expect(question.choices?.map((c) => c.label)).toEqual(few.rules.cities.map((c) => c.name));
  });
});
