/** Button values: every kind round-trips through the one codec, and values from outside decode safely. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, choiceValue, decodeChoice, isButtonCommand, MAX_CHOICE_BYTES } from '../../src/dialog/choice-value.js';

const word = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes(':') && !s.includes('='));

describe('choice values', () => {
  it('decode what they encode', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMMAND_NAMES), word, word, fc.string({ maxLength: 20 }), (command, a, b, text) => {
        expect(decodeChoice(choiceValue.command(command))).toEqual({ type: 'command', name: command });
        expect(decodeChoice(choiceValue.text(text))).toEqual({ type: 'text', text });
        expect(decodeChoice(choiceValue.answer(a, b))).toEqual({ type: 'answer', key: a, value: b });
        expect(decodeChoice(choiceValue.faq(a))).toEqual({ type: 'faq', id: a });
        expect(decodeChoice(choiceValue.reminderOffer(a, b))).toEqual({ type: 'reminderOffer', kind: a, dueAt: b });
        expect(decodeChoice(choiceValue.reminderTopic(a))).toEqual({ type: 'reminderTopic', kind: a });
      }),
    );
    expect(decodeChoice(choiceValue.reminderConfirm(true))).toEqual({ type: 'reminderConfirm', yes: true });
    expect(decodeChoice(choiceValue.reminderConfirm(false))).toEqual({ type: 'reminderConfirm', yes: false });
    expect(decodeChoice(choiceValue.ambiguity('education', 'bachelor'))).toEqual({
      type: 'ambiguity',
      about: 'education',
      value: 'bachelor',
    });
  });

  it('keep the wire format buttons already in chats carry', () => {
    expect(choiceValue.answer('certificates.matchesJob', true)).toBe('q:certificates.matchesJob=true');
    expect(choiceValue.command('skip')).toBe('cmd:skip');
    expect(choiceValue.reminderOffer('review', '2027-03-01')).toBe('ro:review:2027-03-01');
    expect(choiceValue.reminderConfirm(true)).toBe('reminder:yes');
  });

  it('cut an ambiguity value to what Telegram carries back', () => {
    const value = choiceValue.ambiguity('certificate', '电工'.repeat(40));
    expect(Buffer.byteLength(value)).toBeLessThanOrEqual(MAX_CHOICE_BYTES);
    expect(value.startsWith('a:certificate:电工')).toBe(true);
  });

  it('decode any string without throwing; plain text is none of ours', () => {
    fc.assert(fc.property(fc.string(), (s) => void decodeChoice(s)));
    expect(decodeChoice('上海')).toBeUndefined();
    expect(decodeChoice('q:no-equals-sign')).toBeUndefined();
    expect(decodeChoice('x:y')).toBeUndefined();
  });

  it('know which commands a button may run', () => {
    expect(isButtonCommand('skip')).toBe(true);
    expect(isButtonCommand('cancelReminder')).toBe(false);
    expect(isButtonCommand('toString')).toBe(false);
  });
});
