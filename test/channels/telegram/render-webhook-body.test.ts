/**
 * The memoised keyboards and the written-out webhook reply body change no byte Telegram receives: every turn of many
 * real intake conversations (the real dialog on a MemorySessionStore, buttons pressed at random) renders the same
 * messages again when its keyboards come from the memo, and its webhook body is exactly
 * `JSON.stringify({ method: 'sendMessage', chat_id, ...message })`, the WebhookReply object serialised whole.
 * (When the memo was introduced, the same walk was also compared with the previous renderer, byte for byte.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { webhookReplyBody } from '../../../src/channels/telegram/commit-signal.js';
import { renderReplies, type RenderedMessage } from '../../../src/channels/telegram/render.js';
import { telegramTexts } from '../../../src/channels/telegram/texts.js';
import type { InboundMessage, Choice, Reply } from '../../../src/contract/index.js';
import { loadCore } from '../../../src/app/core.js';
import { createTurnHandler } from '../../../src/runtime/turn-runtime.js';
import { MemorySessionStore } from '../../../src/store/index.js';

const texts = telegramTexts();

/** The WebhookReply object serialised whole: what the written-out body must equal. */
function wholeBody(chatId: string, message: object): string {
  return JSON.stringify({ method: 'sendMessage', chat_id: chatId, ...message });
}

/** Renders `replies` twice (the second time every frozen keyboard comes from the memo): same messages, exact bodies. */
function expectSameBytes(replies: Reply[], chatId: string): RenderedMessage[] {
  const first = renderReplies(replies, texts);
  const again = renderReplies(replies, texts);
  expect(again.droppedChoices).toEqual(first.droppedChoices);
  expect(again.messages.map((m) => JSON.stringify(m))).toEqual(first.messages.map((m) => JSON.stringify(m)));
  for (const message of again.messages) expect(webhookReplyBody(chatId, message)).toBe(wholeBody(chatId, message));
  return first.messages;
}

/** Opening messages of a conversation; after them the user presses the buttons offered, chosen by `picks`. */
const OPENINGS = [
  ['/start', '上海', '我30岁，本科有学位，电工四级，交了3年社保'],
  ['/start', '厦门'],
  ['/start', '福州', '大专，高级工'],
  ['/start', '我在泉州，电工证三级，45岁'],
  ['/help', '/start', '许昌', '中专 & <技校>'],
  ['/start', '涪陵', '初中'],
  ['/reminders', '/start'],
];
const LATER_COMMANDS = ['/result', '/compare', '/reminders', '/help', '/restart', '/forget'];

describe('renderReplies and webhookReplyBody: the same bytes as before, on real conversations', () => {
  it('renders every turn of random intake conversations to the same bytes, memo or not', async () => {
    const handler = createTurnHandler({ ...loadCore(), store: new MemorySessionStore({}) });
    let messageId = 0;
    let turns = 0;
    let withKeyboard = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: OPENINGS.length - 1 }),
        fc.array(fc.nat(), { minLength: 4, maxLength: 16 }),
        fc.option(fc.integer({ min: 0, max: LATER_COMMANDS.length - 1 })),
        async (opening, picks, command) => {
          const user = `u${messageId}`;
          const send = async (input: string | { choice: string }): Promise<Reply[]> => {
            const slash = typeof input === 'string' && input.startsWith('/') ? input.slice(1) : undefined;
            const message: InboundMessage = {
              channel: 'telegram',
              userId: user,
              chatId: user,
              messageId: String(messageId++),
              ...(typeof input !== 'string' ? { choice: input.choice } : slash ? { command: slash } : { text: input }),
              sentAt: Date.UTC(2026, 0, 15),
            };
            const result = await handler.handle(message);
            return result.status === 'applied' ? result.replies : [];
          };
          let last: Reply[] = [];
          const render = (replies: Reply[]) => {
            turns++;
            const messages = expectSameBytes(replies, user);
            if (messages.some((m) => m.reply_markup)) withKeyboard++;
            last = replies;
          };
          for (const text of OPENINGS[opening]!) render(await send(text));
          for (const pick of picks) {
            const offered: Choice[] = last.flatMap((r) => r.choices ?? []);
            if (offered.length === 0) break;
            render(await send({ choice: offered[pick % offered.length]!.value }));
          }
          if (command !== null) render(await send(LATER_COMMANDS[command]!));
        },
      ),
      { numRuns: 120 },
    );
    // The walk really went through the intake: many turns, most of them with buttons.
    expect(turns).toBeGreaterThan(500);
    expect(withKeyboard).toBeGreaterThan(turns / 2);
  });

  it('renders made-up replies (escapes, long texts, dropped and unfrozen choices) to the same bytes, memo or not', () => {
    const label = fc.string({ unit: fc.constantFrom('电', '工', 'a', ' ', '&', '<', '>', '"', '\\', '\n', '\u{20001}'), maxLength: 20 });
    const choice = fc.record({
      label,
      value: fc.oneof(fc.string({ minLength: 0, maxLength: 70 }), fc.constantFrom('q:city=shanghai', 'cmd:skip')),
    });
    const reply = fc.record({
      kind: fc.constantFrom('question', 'notice', 'result', 'answer', 'error') as fc.Arbitrary<Reply['kind']>,
      text: fc.string({ unit: fc.constantFrom('电', 'a', '\n', '&', '<', ' ', '\u{1F600}'), maxLength: 300 }),
      choices: fc.option(fc.array(choice, { maxLength: 8 }), { nil: undefined }),
      frozen: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(reply, { maxLength: 4 }), (made) => {
        const replies: Reply[] = made.map(({ frozen, ...r }) => {
          const out: Reply = { kind: r.kind, text: r.text };
          if (r.choices) out.choices = frozen ? (Object.freeze(r.choices.map((c) => Object.freeze(c))) as Choice[]) : r.choices;
          return out;
        });
        expectSameBytes(replies, '-1001234567890');
      }),
      { numRuns: 400 },
    );
  });

  it('answers with the sendMessage body the Bot API reference describes (golden JSON)', () => {
    const cities = Object.freeze([
      Object.freeze({ label: '上海', value: 'q:city=shanghai' }),
      Object.freeze({ label: '厦门', value: 'q:city=xiamen' }),
      Object.freeze({ label: '一个超过七个汉字的很长选项', value: 'q:x=1' }),
    ]) as Choice[];
    const [question] = renderReplies([{ kind: 'question', text: '您在哪个城市？', choices: cities }], texts).messages;
    // Two short labels share a row; the long one (over 7 CJK characters) has its own. Twice: once built, once memoised.
    const golden =
      '{"method":"sendMessage","chat_id":"42","text":"您在哪个城市？","parse_mode":"HTML","reply_markup":{"inline_keyboard":' +
      '[[{"text":"上海","callback_data":"q:city=shanghai"},{"text":"厦门","callback_data":"q:city=xiamen"}],' +
      '[{"text":"一个超过七个汉字的很长选项","callback_data":"q:x=1"}]]}}';
    expect(webhookReplyBody('42', question!)).toBe(golden);
    const [again] = renderReplies([{ kind: 'question', text: '您在哪个城市？', choices: cities }], texts).messages;
    expect(webhookReplyBody('42', again!)).toBe(golden);

    const [notice] = renderReplies([{ kind: 'notice', text: 'a < b & "c"\n第二行' }], texts).messages;
    expect(webhookReplyBody('-100123', notice!)).toBe(
      '{"method":"sendMessage","chat_id":"-100123","text":"a &lt; b &amp; \\"c\\"\\n第二行","parse_mode":"HTML"}',
    );
  });

  it('shares a memoised keyboard read-only: it cannot be changed through one turn and leak into the next', () => {
    const choices = Object.freeze([Object.freeze({ label: '是', value: 'q:a=yes' })]) as Choice[];
    const [first] = renderReplies([{ kind: 'question', text: '对吗？', choices }], texts).messages;
    expect(() => {
      first!.reply_markup!.inline_keyboard[0]![0]!.text = '否';
    }).toThrow(TypeError);
    const [second] = renderReplies([{ kind: 'question', text: '对吗？', choices }], texts).messages;
    expect(second!.reply_markup).toEqual({ inline_keyboard: [[{ text: '是', callback_data: 'q:a=yes' }]] });
  });

  it('rebuilds the keyboard of choices that are not frozen, so a changed array is never served stale', () => {
    const choices: Choice[] = [{ label: '是', value: 'q:a=yes' }];
    const [first] = renderReplies([{ kind: 'question', text: '对吗？', choices }], texts).messages;
    choices.push({ label: '否', value: 'q:a=no' });
    choices[0]!.label = '对';
    const [second] = renderReplies([{ kind: 'question', text: '对吗？', choices }], texts).messages;
    expect(first!.reply_markup).toEqual({ inline_keyboard: [[{ text: '是', callback_data: 'q:a=yes' }]] });
    expect(second!.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: '对', callback_data: 'q:a=yes' },
          { text: '否', callback_data: 'q:a=no' },
        ],
      ],
    });
  });
});
