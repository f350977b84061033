/** dialogs/lexicon.yaml is data a non-programmer edits: a new phrase works, a mistake is reported clearly. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createUnderstander, LexiconError, loadDefaultLexicon, parseLexicon } from '../../src/nlu/index.js';
import { CITIES } from './cities.js';

const yamlText = readFileSync(new URL('../../dialogs/lexicon.yaml', import.meta.url), 'utf8');

describe('lexicon', () => {
  it('the shipped lexicon is valid', () => {
    expect(() => parseLexicon(yamlText)).not.toThrow();
    expect(loadDefaultLexicon().defaultOccupation).toBe('电工');
  });

  it('a phrase added to the file is understood, no code change', () => {
    const raw = parse(yamlText);
    raw.specialOperations.低压电工作业.push('低压本');
    raw.intents.help.exact.push('咋整');
    const understand = createUnderstander(CITIES, parseLexicon(stringify(raw)));
    expect(understand('我有低压本').certificates).toEqual([{ kind: 'special_operation', occupation: '低压电工作业' }]);
    expect(understand('咋整').intents).toEqual([{ type: 'help' }]);
  });

  it('a missing list is named in the error', () => {
    const raw = parse(yamlText);
    delete raw.yes;
    expect(() => parseLexicon(stringify(raw), 'lexicon.yaml')).toThrow(/lexicon\.yaml: yes:/);
  });

  it('an unknown education value is named in the error', () => {
    const raw = parse(yamlText);
    raw.education.kindergarten = ['幼儿园'];
    expect(() => parseLexicon(stringify(raw))).toThrow(LexiconError);
  });

  it('a factPhrases entry for a fact that does not exist fails when the reader is built', () => {
    const raw = parse(yamlText);
    raw.factPhrases.ownsCar = { true: ['有车'] };
    expect(() => createUnderstander(CITIES, parseLexicon(stringify(raw)))).toThrow(/factPhrases\.ownsCar/);
  });

  it('broken YAML says so', () => {
    expect(() => parseLexicon('yes: [是\nno: ]')).toThrow(/not valid YAML/);
  });
});
