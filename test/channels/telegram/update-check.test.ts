/**
 * The webhook checks bodies with `isTelegramUpdate` (no copy per request); `updateSchema` is the declared rule. The
 * two must give the same verdict on anything: valid updates, every field missing, null, of the wrong type, out of
 * range, and whole bodies that are not objects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { updateSchema } from '../../../src/channels/telegram/inbound.js';
import { isTelegramUpdate } from '../../../src/channels/telegram/update-check.js';
import * as U from './updates.js';

/**
 * A field's value: mostly right (so that most updates carry exactly one fault, deep inside or not), otherwise
 * absent, null, of another JSON type, negative, fractional or beyond the safe integers.
 */
function field<T>(right: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 40, arbitrary: right },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, '', 'x', 0, -1, 1.5, 2 ** 60, true, [], {}) },
  );
}
const int = fc.integer({ min: 0, max: 1e9 });
const str = fc.string({ maxLength: 4 });

/** An object with these fields (an undefined field left out) plus, sometimes, a key the schema does not know. */
function record(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  return fc.tuple(fc.record(fields), fc.boolean()).map(([r, extra]) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v;
    if (extra) out.first_name = '师傅';
    return out;
  });
}

const user = record({ id: field(int), is_bot: field(fc.boolean()), username: field(str) });
const chat = record({ id: field(int), type: field(fc.constantFrom('private', 'group')) });
const entity = record({ type: field(str), offset: field(int), length: field(int), user: field(user) });
const message = record({
  message_id: field(int),
  date: field(int),
  chat: field(chat),
  from: field(user),
  text: field(str),
  entities: field(fc.array(field(entity), { minLength: 1, maxLength: 3 })),
  reply_to_message: field(record({ from: field(user) })),
});
const callbackQuery = record({ id: field(str), from: field(user), data: field(str), message: field(record({ chat: field(chat) })) });
const update = fc.oneof(
  { weight: 8, arbitrary: record({ update_id: field(int), message: field(message), callback_query: field(callbackQuery) }) },
  { weight: 1, arbitrary: fc.constantFrom(null, 1, 'update', [], [{ update_id: 1 }], true) },
);

describe('isTelegramUpdate', () => {
  it('gives the same verdict as updateSchema on random near-updates', () => {
    let valid = 0;
    fc.assert(
      fc.property(update, (value) => {
        const expected = updateSchema.safeParse(value).success;
        if (expected) valid++;
        expect(isTelegramUpdate(value)).toBe(expected);
      }),
      { numRuns: 20_000 },
    );
    // The generator reaches both verdicts often enough for the comparison to mean something.
    expect(valid).toBeGreaterThan(50);
  });

  it('accepts the updates Telegram sends for text, commands, buttons, stickers and edits', () => {
    for (const value of [U.textUpdate(1, '上海'), U.commandUpdate(2, 'start'), U.callbackUpdate(3, 'city:shanghai'), U.stickerUpdate(4), U.editedMessageUpdate(5, '改'), U.groupMentionUpdate(6, '能落户吗')]) {
      expect(updateSchema.safeParse(value).success).toBe(true);
      expect(isTelegramUpdate(value)).toBe(true);
    }
    expect(isTelegramUpdate({ update_id: 5, edited_message: { anything: 1 } })).toBe(true);
  });
});
