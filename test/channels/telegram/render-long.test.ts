/**
 * Long results through the renderer, as property tests: whatever the dialog produces, every message fits Telegram's
 * 4,096 characters, no tag or escape is cut, nothing is lost or reordered, and the buttons sit under the last part.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH, packSegments, renderReplies } from '../../../src/channels/telegram/render.js';
import { loadTelegramTexts } from '../../../src/channels/telegram/texts.js';
import type { Reply } from '../../../src/contract/index.js';

const texts = loadTelegramTexts();

/** What Telegram shows for our HTML subset: tags dropped, the three entities decoded. */
function visible(html: string): string {
  return html
    .replace(/<\/?(pre|b)>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Characters that stress the splitter: escapes, CJK, a surrogate pair, newlines. */
const piece = fc.constantFrom('a', ' ', '&', '<', '>', ';', '长', '表', '\u{20001}', '电工四级', '&amp;', '\n');
const text = (maxPieces: number) => fc.array(piece, { maxLength: maxPieces }).map((p) => p.join(''));
/** Up to ~15,000 characters: one line longer than a whole message, or many short lines. */
const longText = fc.tuple(text(20), fc.integer({ min: 1, max: 1500 })).map(([t, n]) => t.repeat(n));

const result: fc.Arbitrary<Reply> = fc.record({
  kind: fc.constant('result' as const),
  text: fc.oneof(text(30), longText),
  table: fc.record({
    title: text(10),
    rows: fc.array(fc.record({ label: text(12), value: text(8) }), { maxLength: 400 }),
  }),
  after: longText,
  choices: fc.constant([{ label: '再算一次', value: 'again' }]),
});

function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const tag of html.match(/<\/?(pre|b)>/g) ?? []) {
    if (!tag.startsWith('</')) stack.push(tag);
    else if (stack.pop() !== tag.replace('/', '')) return false;
  }
  return stack.length === 0;
}

describe('renderReplies with long results', () => {
  it('keeps every message within 4,096 characters, tags balanced, escapes whole, text complete and in order', () => {
    fc.assert(
      fc.property(result, (reply) => {
        const { messages } = renderReplies([reply], texts);
        for (const m of messages) {
          expect(m.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
          expect(m.text.length).toBeGreaterThan(0);
          expect(balanced(m.text)).toBe(true);
          // An escape is never split (and the visible text below would not decode back to the reply if it were).
          expect(m.text).not.toMatch(/&[a-z]*$/);
        }
        // The visible text, newlines aside, is the reply's parts in order.
        const shown = messages
          .map((m) => visible(m.text))
          .join('')
          .replace(/\n/g, '');
        const expected = [reply.text, reply.table!.title, reply.after].map((p) => (p ?? '').replace(/\n/g, ''));
        let at = 0;
        for (const part of [expected[0]!, expected[1]!, expected[2]!]) {
          const trimmed = part.trim();
          if (trimmed === '') continue;
          const found = shown.indexOf(trimmed, at);
          expect(found).toBeGreaterThanOrEqual(at);
          at = found + trimmed.length;
        }
        for (const r of reply.table!.rows) expect(shown).toContain(r.value.replace(/\n/g, ''));
        expect(messages.filter((m) => m.reply_markup)).toHaveLength(messages.length > 0 ? 1 : 0);
        if (messages.length > 0) expect(messages.at(-1)!.reply_markup).toBeDefined();
      }),
      { numRuns: 150 },
    );
  });

  it('packs 20,000 short lines into full messages without losing a line (a linear packer, not one join per line)', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `第${i}行`);
    const messages = packSegments([{ open: '', close: '', lines }]);
    for (const m of messages) expect(m.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(messages.join('\n').split('\n')).toEqual(lines);
    // Full messages: each but the last would overflow with the next line.
    for (let i = 0; i < messages.length - 1; i++) {
      const nextLine = messages[i + 1]!.split('\n')[0]!;
      expect(messages[i]!.length + 1 + nextLine.length).toBeGreaterThan(MAX_MESSAGE_LENGTH);
    }
  });

  it('splits one line longer than a message at the limit, never inside &amp; or a surrogate pair', () => {
    // 4,085 characters fit between <pre> and </pre>: the escape would cross the first cut, the pair the second.
    const line = `${'a'.repeat(4083)}&amp;${'b'.repeat(4079)}\u{20001}${'b'.repeat(10)}`;
    const messages = packSegments([{ open: '<pre>', close: '</pre>', lines: [line] }]);
    expect(messages.map((m) => m.length)).toEqual([4083 + 11, 5 + 4079 + 11, 2 + 10 + 11]);
    expect(messages[1]!.startsWith('<pre>&amp;b')).toBe(true);
    expect(messages[2]!.startsWith('<pre>\u{20001}b')).toBe(true);
    expect(messages.map((m) => m.slice(5, -6)).join('')).toBe(line);
  });
});
