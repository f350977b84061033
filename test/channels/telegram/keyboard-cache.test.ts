/**
 * The keyboard memo (frozen choice arrays → their inline keyboard and its JSON) changes nothing: replies whose choices
 * are frozen, shared between replies and rendered again and again, render exactly as unfrozen copies of the same
 * replies, which never touch the memo.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyboardMarkupJson, renderReplies } from '../../../src/channels/telegram/render.js';
import { loadTelegramTexts } from '../../../src/channels/telegram/texts.js';
import type { Choice, Reply } from '../../../src/contract/index.js';

const texts = loadTelegramTexts();

const label = fc.oneof(
  fc.constantFrom('是', '不是', '跳过', '上海', '对比其他城市', '电工三级（高级工）', ' ', '一个很长很长很长的按钮标签文字'),
  fc.string(),
);
// Some values are too long for callback_data (64 bytes): those choices are dropped, memo or not.
const value = fc.oneof(fc.constantFrom('q:age=30', 'cmd:skip', 'faq:two-kinds'), fc.string({ maxLength: 70 }));
const choices = fc.array(fc.record({ label, value }), { minLength: 1, maxLength: 9 });

const frozen = (list: Choice[]): readonly Choice[] => Object.freeze(list.map((c) => Object.freeze({ ...c })));
const unfrozen = (replies: Reply[]): Reply[] =>
  replies.map((r) => ({ ...r, ...(r.choices ? { choices: r.choices.map((c) => ({ ...c })) } : {}) }));

describe('the Telegram keyboard memo', () => {
  it('renders as the memo-free render does', () => {
    fc.assert(
      fc.property(
        fc.array(choices, { minLength: 1, maxLength: 4 }),
        fc.array(fc.record({ text: fc.string({ maxLength: 40 }), set: fc.option(fc.nat()) }), { minLength: 1, maxLength: 6 }),
        fc.nat({ max: 3 }),
        (sets, shape, repeats) => {
          // Frozen arrays shared by several replies, as the dialog shares a question's buttons.
          const shared = sets.map(frozen);
          const replies: Reply[] = shape.map(({ text, set }) => ({
            kind: 'question',
            text,
            ...(set === null ? {} : { choices: shared[set % shared.length] as Choice[] }),
          }));
          const expected = renderReplies(unfrozen(replies), texts);
          for (let i = 0; i <= repeats; i++) {
            const memo = renderReplies(replies, texts);
            expect(memo.messages).toEqual(expected.messages);
            expect(memo.droppedChoices).toEqual(expected.droppedChoices);
            for (const m of memo.messages)
              if (m.reply_markup) expect(keyboardMarkupJson(m.reply_markup)).toBe(JSON.stringify(m.reply_markup));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
