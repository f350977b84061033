/** Remembered readings of short answers: the same reading as reading again, never shared across questions. */
import { describe, expect, it } from 'vitest';
import { createUnderstander, type Understand, type Understanding } from '../../src/nlu/index.js';
import { rememberShortAnswers, SHORT_ANSWER_MAX_CHARS } from '../../src/nlu/short-answers.js';
import { CITIES } from './cities.js';

/** A reader that counts its calls and echoes what it was asked, so each reading shows where it came from. */
function countingReader(): { read: Understand; calls: () => number } {
  let calls = 0;
  const read: Understand = (text, expecting) => {
    calls++;
    return {
      facts: {},
      intents: [],
      ambiguities: [{ about: 'echo', question: `${JSON.stringify(expecting ?? null)}|${text}`, options: [] }],
      isQuestion: false,
      understoodAnything: false,
    } satisfies Understanding;
  };
  return { read, calls: () => calls };
}

describe('remembered short answers', () => {
  it('reads a short answer to the same question once', () => {
    const { read, calls } = countingReader();
    const understand = rememberShortAnswers(read);
    const first = understand('是', { fact: 'insuredEmployee' });
    const again = understand('是', { fact: 'insuredEmployee' });
    expect(again).toBe(first);
    expect(calls()).toBe(1);
  });

  it('reads the same text again for another question, certificate or list of choices', () => {
    const { read, calls } = countingReader();
    const understand = rememberShortAnswers(read);
    const readings = [
      understand('1'),
      understand('1', { fact: 'age' }),
      understand('1', { certificateField: 'matchesJob', index: 0 }),
      understand('1', { certificateField: 'matchesJob', index: 1 }),
      understand('1', { choices: [{ label: '上海', value: 'shanghai' }] }),
      understand('1', { choices: [{ label: '厦门', value: 'xiamen' }] }),
    ];
    expect(calls()).toBe(6);
    expect(new Set(readings.map((r) => r.ambiguities[0]!.question)).size).toBe(6);
  });

  it('does not keep long messages', () => {
    const { read, calls } = countingReader();
    const understand = rememberShortAnswers(read);
    const sentence = '我32岁，本科有学位，电工四级，交了5年社保';
    expect(sentence.length).toBeGreaterThan(SHORT_ANSWER_MAX_CHARS);
    understand(sentence);
    understand(sentence);
    expect(calls()).toBe(2);
  });

  it('forgets the least recently used reading first', () => {
    const { read, calls } = countingReader();
    const understand = rememberShortAnswers(read, 2);
    understand('是');
    understand('否');
    understand('是'); // now the most recent
    understand('跳过'); // pushes out 否
    expect(calls()).toBe(3);
    understand('是');
    expect(calls()).toBe(3);
    understand('否');
    expect(calls()).toBe(4);
  });

  it('hands out frozen readings, so no caller can change what the next one gets', () => {
    const understand = createUnderstander(CITIES);
    const reading = understand('2020年5月', { certificateField: 'issuedOn', index: 0 });
    expect(Object.isFrozen(reading)).toBe(true);
    expect(Object.isFrozen(reading.certificateUpdates![0]!.patch)).toBe(true);
    expect(() => {
      (reading.facts as Record<string, unknown>).age = 1;
    }).toThrow(TypeError);
  });

  it('gives the real reader the same readings as a fresh one', () => {
    const warm = createUnderstander(CITIES);
    const answers: Array<[string, Parameters<Understand>[1]]> = [
      ['是', { certificateField: 'issuedWhileWorkingInCity', index: 0 }],
      ['2020年5月', { certificateField: 'issuedOn', index: 0 }],
      ['6年', { fact: 'occupationYears' }],
      ['跳过', { fact: 'insuranceBaseTier' }],
      ['上海', { fact: 'city' }],
    ];
    for (const [text, expecting] of answers) warm(text, expecting);
    for (const [text, expecting] of answers) expect(warm(text, expecting)).toEqual(createUnderstander(CITIES)(text, expecting));
    // Golden readings (dialogs/intake.yaml questions; a month-precision date is stored as its first day, see nlu/dates.ts).
    expect(warm('2020年5月', { certificateField: 'issuedOn', index: 0 }).certificateUpdates).toEqual([
      { index: 0, patch: { issuedOn: '2020-05-01' } },
    ]);
    expect(warm('6年', { fact: 'occupationYears' }).facts).toEqual({ occupationYears: 6 });
    expect(warm('跳过', { fact: 'insuranceBaseTier' }).intents).toContainEqual({ type: 'skip' });
  });
});
