/** A turn's replies as kf messages: limits of document 94677 (text ≤ 2,048 bytes; menu ≤ 10 items, head ≤ 1,024 bytes). */
import { describe, expect, it } from 'vitest';
import { planMessages } from '../../../src/channels/kf/index.js';
import type { Reply } from '../../../src/contract/index.js';
import { sharedCore } from './fixtures.js';

const texts = () => sharedCore().texts.kf;
const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `选项${i + 1}`, value: `v:${i + 1}` }));

describe('kf message plan', () => {
  it('puts the last question’s choices into one menu whose item ids are the choice values', () => {
    const replies: Reply[] = [
      { kind: 'notice', text: '记下了：32岁。' },
      { kind: 'question', text: '你的学历是？', choices: choices(3) },
    ];
    const plan = planMessages(replies, texts(), 5);
    expect(plan.dropped).toBe(0);
    expect(plan.messages).toEqual([
      { msgtype: 'text', text: { content: '记下了：32岁。' } },
      {
        msgtype: 'msgmenu',
        msgmenu: {
          head_content: '你的学历是？',
          list: [1, 2, 3].map((n) => ({ type: 'click', click: { id: `v:${n}`, content: `选项${n}` } })),
        },
      },
    ]);
  });

  it('keeps more than 10 choices as numbered lines in the text', () => {
    const plan = planMessages([{ kind: 'question', text: '去哪个城市？', choices: choices(11) }], texts(), 5);
    expect(plan.messages).toHaveLength(1);
    const content = (plan.messages[0] as { text: { content: string } }).text.content;
    expect(content).toContain(texts().choiceLine.replace('{n}', '11').replace('{label}', '选项11'));
  });

  it('moves a question longer than 1,024 bytes out of the menu head', () => {
    const long = '问'.repeat(400); // 1,200 bytes in UTF-8
    const plan = planMessages([{ kind: 'question', text: long, choices: choices(2) }], texts(), 5);
    expect(plan.messages.map((m) => m.msgtype)).toEqual(['text', 'msgmenu']);
    expect(plan.messages[1]).toMatchObject({ msgmenu: { head_content: texts().menuHead } });
  });

  it('merges everything into one text when only one message may go (the welcome)', () => {
    const plan = planMessages(
      [
        { kind: 'notice', text: '你好' },
        { kind: 'question', text: '选一个', choices: choices(2) },
      ],
      texts(),
      1,
    );
    expect(plan.messages).toHaveLength(1);
    expect(plan.messages[0]!.msgtype).toBe('text');
    expect(plan.dropped).toBe(0);
  });

  it('counts what does not fit as dropped, never cutting inside the 2,048-byte limit', () => {
    const replies: Reply[] = Array.from({ length: 3 }, (_, i) => ({ kind: 'answer', text: `${i}${'分'.repeat(600)}` }));
    const plan = planMessages(replies, texts(), 2);
    expect(plan.messages).toHaveLength(2);
    expect(plan.dropped).toBe(1);
    for (const m of plan.messages) expect(Buffer.byteLength((m as { text: { content: string } }).text.content)).toBeLessThanOrEqual(2048);
  });
});
