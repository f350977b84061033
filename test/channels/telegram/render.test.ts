import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH, renderReplies } from '../../../src/channels/telegram/render.js';
import { loadTelegramTexts } from '../../../src/channels/telegram/texts.js';
import type { Reply } from '../../../src/contract/index.js';

const texts = loadTelegramTexts();

/** The visible text Telegram shows for our HTML subset (tags dropped, the three entities decoded). */
function visible(html: string): string {
  return html
    .replace(/<\/?(pre|b)>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function balanced(html: string): boolean {
  const tags = html.match(/<\/?(pre|b)>/g) ?? [];
  const stack: string[] = [];
  for (const t of tags) {
    if (!t.startsWith('</')) stack.push(t);
    else if (stack.pop() !== t.replace('/', '')) return false;
  }
  return stack.length === 0;
}

describe('renderReplies', () => {
  it('escapes the three HTML-special characters in every part of a reply', () => {
    const reply: Reply = {
      kind: 'result',
      text: '学历 <大专> & 证书',
      table: { title: 'A&B <积分>', rows: [{ label: '<技能>', value: '1 & 2' }], footer: ['x > y'] },
      after: 'a<b',
    };
    const [message] = renderReplies([reply], texts).messages;
    expect(message!.parse_mode).toBe('HTML');
    expect(message!.text).toBe(
      '学历 &lt;大专&gt; &amp; 证书\n<b>A&amp;B &lt;积分&gt;</b>\n<pre>&lt;技能&gt;  1 &amp; 2</pre>\nx &gt; y\na&lt;b',
    );
  });

  it('aligns table values in one column, counting Chinese characters as two columns wide', () => {
    const reply: Reply = {
      kind: 'result',
      text: '积分明细',
      table: {
        rows: [
          { label: '技能等级', value: '15' },
          { label: '年龄', value: '20' },
          { label: 'CET-4', value: '5', estimated: true },
        ],
      },
    };
    const html = renderReplies([reply], texts).messages[0]!.text;
    const pre = /<pre>([\s\S]*)<\/pre>/.exec(html)![1]!.split('\n');
    // 技能等级 is 8 columns wide; every value starts at column 8 + 2.
    expect(pre).toEqual(['技能等级  15', '年龄      20', `CET-4     5${texts.estimatedMark}`]);
  });

  it('puts choices on an inline keyboard of the last message, two short buttons per row', () => {
    const reply: Reply = {
      kind: 'question',
      text: '您的最高学历？',
      choices: [
        { label: '初中', value: 'edu:junior' },
        { label: '高中/中专', value: 'edu:senior' },
        { label: '大专', value: 'edu:college' },
        { label: '本科及以上（含在读的本科与研究生）', value: 'edu:bachelor' },
        { label: '其他', value: 'edu:other' },
      ],
    };
    const { messages, droppedChoices } = renderReplies([reply], texts);
    expect(droppedChoices).toEqual([]);
    const rows = messages[0]!.reply_markup!.inline_keyboard.map((row) => row.map((b) => b.callback_data));
    expect(rows).toEqual([['edu:junior', 'edu:senior'], ['edu:college'], ['edu:bachelor'], ['edu:other']]);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(2);
  });

  it('drops a choice whose callback_data would exceed 64 bytes and reports it', () => {
    const tooLong = '城'.repeat(22); // 22 × 3 bytes = 66 bytes in UTF-8
    const exactly64 = 'x'.repeat(64);
    const { messages, droppedChoices } = renderReplies(
      [
        {
          kind: 'question',
          text: '选',
          choices: [
            { label: 'a', value: tooLong },
            { label: 'b', value: exactly64 },
          ],
        },
      ],
      texts,
    );
    expect(droppedChoices.map((c) => c.value)).toEqual([tooLong]);
    expect(messages[0]!.reply_markup!.inline_keyboard.flat().map((b) => b.callback_data)).toEqual([exactly64]);
  });

  it('splits a long reply into messages of at most 4,096 characters without losing or breaking anything', () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ label: `第${i + 1}项 <加分> & 说明`, value: String(i) }));
    const longLine = '很长的一行&'.repeat(1500); // one line longer than a whole message
    const reply: Reply = {
      kind: 'result',
      text: longLine,
      table: { title: '明细', rows },
      after: '完',
      choices: [{ label: '再算一次', value: 'again' }],
    };
    const { messages } = renderReplies([reply], texts);
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) {
      expect(m.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(balanced(m.text)).toBe(true);
      expect(m.text).not.toMatch(/&[a-z]*$/); // never ends inside an escape
    }
    const shown = messages.map((m) => visible(m.text)).join('');
    expect(shown.replace(/\n/g, '')).toContain(longLine);
    for (const row of rows) expect(shown).toContain(row.label);
    expect(messages.filter((m) => m.reply_markup)).toHaveLength(1);
    expect(messages.at(-1)!.reply_markup).toBeDefined();
  });

  it('never sends an empty message: a reply with only buttons gets the hint text', () => {
    const { messages } = renderReplies([{ kind: 'question', text: '', choices: [{ label: '是', value: 'yes' }] }], texts);
    expect(messages.map((m) => m.text)).toEqual([texts.chooseHint]);
    expect(renderReplies([{ kind: 'notice', text: '  ' }], texts).messages).toEqual([]);
  });
});

describe('renderReplies: one turn, as few messages as possible', () => {
  const notice: Reply = { kind: 'notice', text: '记下了：年龄 32岁。' };
  const question: Reply = { kind: 'question', text: '你的学历是？', choices: [{ label: '本科', value: 'edu:bachelor' }] };

  it('packs a notice and the next question into one message, a blank line apart, buttons under it', () => {
    const { messages } = renderReplies([notice, question], texts);
    expect(messages).toEqual([
      {
        text: '记下了：年龄 32岁。\n\n你的学历是？',
        parse_mode: 'HTML',
        reply_markup: { inline_keyboard: [[{ text: '本科', callback_data: 'edu:bachelor' }]] },
      },
    ]);
  });

  it('packs replies without buttons together too', () => {
    const { messages } = renderReplies([notice, { kind: 'answer', text: 'a < b' }], texts);
    expect(messages.map((m) => m.text)).toEqual(['记下了：年龄 32岁。\n\na &lt; b']);
    expect(messages[0]!.reply_markup).toBeUndefined();
  });

  it('starts a new message after a reply with buttons, so the buttons stay under their own question', () => {
    const { messages } = renderReplies([question, notice, question], texts);
    expect(messages.map((m) => m.text)).toEqual(['你的学历是？', '记下了：年龄 32岁。\n\n你的学历是？']);
    expect(messages.map((m) => Boolean(m.reply_markup))).toEqual([true, true]);
  });

  it('still splits below 4,096 characters when packed replies are long, buttons on the last part', () => {
    const long: Reply = { kind: 'notice', text: '长'.repeat(3000) };
    const { messages } = renderReplies([long, long, question], texts);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(m.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(
      messages
        .map((m) => visible(m.text))
        .join('')
        .replace(/\n/g, ''),
    ).toBe(`${'长'.repeat(6000)}你的学历是？`);
    expect(messages.filter((m) => m.reply_markup)).toHaveLength(1);
    expect(messages.at(-1)!.reply_markup).toBeDefined();
  });
});
