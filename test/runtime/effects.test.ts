/** Effects carried out by the runtime: forget erases the store, reminders say "coming soon" until a port exists. */
import { describe, expect, it } from 'vitest';
import type { InboundMessage, ReplyTarget } from '../../src/channels/types.js';
import type { ReminderPort } from '../../src/runtime/effects.js';
import { localDate } from '../../src/runtime/local-date.js';
import { loadBotCore } from '../../src/runtime/ports.js';
import { createTurnHandler } from '../../src/runtime/turn-runtime.js';
import { MemorySessionStore } from '../../src/store/index.js';

const core = loadBotCore();
const msg = (messageId: string, fields: Partial<InboundMessage>): InboundMessage => ({
  channel: 'wecom', userId: 'w1', chatId: 'w1', messageId, sentAt: 0, ...fields,
});

describe('turn runtime effects', () => {
  it('/forget erases the session and the seen message ids', async () => {
    const store = new MemorySessionStore();
    const handler = createTurnHandler({ ...core, store });
    await handler.handle(msg('1', { text: '我30岁，在上海' }));
    const r = await handler.handle(msg('2', { command: 'forget' }));
    expect(r.status).toBe('applied');
    expect(await store.read({ channel: 'wecom', userId: 'w1' })).toBeNull();
    // The old message id is forgotten too: the same id is a new message now, not a duplicate.
    expect((await handler.handle(msg('1', { text: '你好' }))).status).toBe('applied');
  });

  it('answers reminder requests with a coming-soon notice when no reminder port is wired', async () => {
    const handler = createTurnHandler({ ...core, store: new MemorySessionStore() });
    const r = await handler.handle(msg('1', { choice: 'cmd:remind' }));
    expect(r.status === 'applied' && r.replies.map((x) => x.text).join()).toContain('即将上线');
  });

  it('passes reminder requests and forget to the reminder port', async () => {
    const calls: string[] = [];
    const reminders: ReminderPort = {
      schedule: async (_t: ReplyTarget, req) => (calls.push(`schedule:${req.topic}`), [{ kind: 'notice', text: '已设提醒' }]),
      list: async () => (calls.push('list'), []),
      cancel: async (_t, i) => (calls.push(`cancel:${i}`), []),
      forgetUser: async () => void calls.push('forget'),
    };
    const handler = createTurnHandler({ ...core, store: new MemorySessionStore(), reminders });
    await handler.handle(msg('0', { text: '上海' }));
    const r = await handler.handle(msg('1', { choice: 'remind:review' }));
    expect(r.status === 'applied' && r.replies.map((x) => x.text)).toEqual(['已设提醒']);
    await handler.handle(msg('2', { command: 'forget' }));
    expect(calls).toEqual(['schedule:review', 'forget']);
  });

  it('takes "today" in Shanghai, not in UTC', () => {
    // 2026-03-01 17:00 UTC is already 01:00 on 2026-03-02 in Shanghai.
    expect(localDate(Date.parse('2026-03-01T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-02');
    expect(localDate(Date.parse('2026-03-01T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-03-01');
    expect(() => createTurnHandler({ ...core, store: new MemorySessionStore(), timezone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});
