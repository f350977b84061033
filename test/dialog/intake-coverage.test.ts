import { describe, expect, it } from 'vitest';
import { uncoveredFacts } from '../../src/dialog/coverage.js';
import { buildDialogSpec, DialogSpecError, loadDialogSpec } from '../../src/dialog/spec.js';
import type { DialogRules } from '../../src/dialog/ports.js';
import { dialogRules } from '../../src/app/ports.js';
import { loadRules } from '../../src/scoring/index.js';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';

const spec = loadDialogSpec();
const rules = dialogRules(loadRules());

describe('dialogs/intake.yaml', () => {
  it('has a question for every fact any city rule needs', () => {
    expect(rules.cities.length).toBeGreaterThan(0);
    expect(uncoveredFacts(spec, rules)).toEqual([]);
  });

  it('reports a fact a new rule needs but no question asks', () => {
    const withNewFact: DialogRules = {
      ...rules,
      neededFacts: (id) => [...rules.neededFacts(id), { fact: 'ownsYacht', importance: 'core' }],
    };
    const problems = uncoveredFacts(spec, withNewFact);
    expect(problems).toHaveLength(rules.cities.length);
    expect(problems[0]).toContain('"ownsYacht" has no question');
  });

  it('refuses a messages file missing a text the engine uses', () => {
    const intake = parse(readFileSync(new URL('../../dialogs/intake.yaml', import.meta.url), 'utf8'));
    const messages = {
      ...(parse(readFileSync(new URL('../../dialogs/messages.yaml', import.meta.url), 'utf8')) as Record<string, string>),
    };
    delete messages.welcome;
    expect(() => buildDialogSpec(intake, messages)).toThrow(DialogSpecError);
    expect(() => buildDialogSpec(intake, messages)).toThrow(/missing "welcome"/);
  });

  it("gives every choice value a button value within Telegram's 64-byte limit", () => {
    for (const q of spec.questions) {
      for (const c of q.choices) expect(Buffer.byteLength(`q:${q.id}#9=${String(c.value)}`)).toBeLessThanOrEqual(64);
    }
  });
});
