/** Effects carried out by the runtime: forget erases the store, reminders say "coming soon" until a port exists. */
import { describe, expect, it } from 'vitest';
import type { InboundMessage, ReplyTarget } from '../../src/contract/index.js';
import type { ReminderPort } from '../../src/runtime/effects.js';
import { localDate } from '../../src/time/zoned-time.js';
import { loadCore } from '../../src/app/core.js';
import { createTurnHandler } from '../../src/runtime/turn-runtime.js';
import { loadReminderTexts, reminderDialog } from '../../src/reminders/index.js';
import { MemorySessionStore } from '../../src/store/index.js';
import { parseState } from '../../src/dialog/state.js';

const core = loadCore();
const msg = (messageId: string, fields: Partial<InboundMessage>): InboundMessage => ({
  channel: 'wecom',
  userId: 'w1',
  chatId: 'w1',
  messageId,
  sentAt: 0,
  ...fields,
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

  it('转人工 keeps the answers, marks the result as a hand-off and says how to reach a person', async () => {
    const store = new MemorySessionStore();
    const handler = createTurnHandler({ ...core, store });
    await handler.handle(msg('1', { text: '我30岁，在上海' }));
    const r = await handler.handle(msg('2', { text: '转人工' }));
    expect(r.status === 'applied' && r.handoff).toBe(true);
    expect(r.status === 'applied' && r.replies[0]?.text).toContain('人工');
    expect(parseState(await store.read({ channel: 'wecom', userId: 'w1' }))?.facts.age).toBe(30);
  });

  it('answers reminder requests with a coming-soon notice when no reminder port is wired', async () => {
    const handler = createTurnHandler({ ...core, store: new MemorySessionStore() });
    const r = await handler.handle(msg('1', { choice: 'cmd:remind' }));
    expect(r.status === 'applied' && r.replies.map((x) => x.text).join()).toContain('即将上线');
  });

  it('passes a confirmed reminder, the list, a cancel and forget to the reminder port', async () => {
    const calls: string[] = [];
    const reminders: ReminderPort = {
      dialog: reminderDialog(loadReminderTexts(), 'Asia/Shanghai'),
      save: async (_t: ReplyTarget, r) => (
        calls.push(`save:${r.kind}:${new Date(r.dueAt).toISOString()}:${r.what}`), [{ kind: 'notice', text: '已设提醒' }]
      ),
      list: async () => (calls.push('list'), []),
      cancel: async (_t, i) => (calls.push(`cancel:${i}`), []),
      forgetUser: async () => (calls.push('forget'), []),
    };
    // 2026-03-02 10:00 in Shanghai; "3个月后" is 2026-06-02, at 09:00 local (01:00 UTC) for a date without a time.
    const handler = createTurnHandler({
      ...core,
      store: new MemorySessionStore(),
      reminders,
      clock: () => Date.parse('2026-03-02T10:00:00+08:00'),
    });
    await handler.handle(msg('0', { text: '3个月后提醒我查证书' }));
    const r = await handler.handle(msg('1', { choice: 'reminder:yes' }));
    expect(r.status === 'applied' && r.replies.map((x) => x.text)).toEqual(['已设提醒']);
    await handler.handle(msg('2', { text: '我的提醒' }));
    await handler.handle(msg('3', { text: '取消提醒 2' }));
    await handler.handle(msg('4', { command: 'forget' }));
    expect(calls).toEqual(['save:custom:2026-06-02T01:00:00.000Z:查证书', 'list', 'cancel:2', 'forget']);
  });

  it('takes "today" in Shanghai, not in UTC', () => {
    // 2026-03-01 17:00 UTC is already 01:00 on 2026-03-02 in Shanghai.
    expect(localDate(Date.parse('2026-03-01T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-02');
    expect(localDate(Date.parse('2026-03-01T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-03-01');
    expect(() => createTurnHandler({ ...core, store: new MemorySessionStore(), timezone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});
