/**
 * A reminder set in the chat is delivered on the same channel when due; /forget really removes it. Both services:
 * in process (embedded mode, said to be non-durable) and BullMQ on the test Redis (durable).
 */
import { PassThrough } from 'node:stream';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { createConsoleSender } from '../../src/channels/console/console-sender.js';
import type { InboundMessage } from '../../src/contract/index.js';
import { BullmqReminderService, InProcessReminderService, type ReminderService } from '../../src/reminders/index.js';
import { createReminderPort } from '../../src/runtime/reminder-port.js';
import { loadCore } from '../../src/app/core.js';
import { createTurnHandler } from '../../src/runtime/turn-runtime.js';
import { MemorySessionStore } from '../../src/store/index.js';
import { connectTestRedis, testRedisUrl, uniquePrefix } from '../support/redis.js';

const core = loadCore();
const redis = connectTestRedis();
const namespace = uniquePrefix('reminder-delivery').replace(/:$/, '');
const queuePrefix = `{${namespace}}`;
const keyPrefix = `${namespace}:`;
const services: ReminderService[] = [];
afterAll(async () => {
  await Promise.all(services.map((s) => s.close()));
  await redis.quit();
});

const modes: Array<[string, () => ReminderService, string]> = [
  ['in process', () => new InProcessReminderService(), '本机模式'],
  ['BullMQ on Redis', () => new BullmqReminderService({ redisUrl: testRedisUrl(), queuePrefix, keyPrefix }), '会提醒你'],
];

async function chat(service: ReminderService, userId: string) {
  const output = new PassThrough();
  let printed = '';
  output.on('data', (d: Buffer) => (printed += d.toString()));
  await service.start([createConsoleSender(output)]);
  const handler = createTurnHandler({ ...core, store: new MemorySessionStore(), reminders: createReminderPort({ service }) });
  let seq = 0;
  const say = async (fields: Partial<InboundMessage>) => {
    const r = await handler.handle({ channel: 'console', userId, chatId: userId, messageId: String(++seq), sentAt: Date.now(), ...fields });
    return r.status === 'applied' ? r.replies.map((x) => x.text).join('\n') : r.status;
  };
  return { say, printed: () => printed };
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(modes)('reminders set in the chat, %s', (_mode, makeService, savedNote) => {
  it('delivers a confirmed reminder into the terminal when due', async () => {
    const service = makeService();
    services.push(service);
    const { say, printed } = await chat(service, `deliver-${_mode.length}-${Date.now()}`);
    expect(await say({ text: '3秒后提醒我喝水' })).toContain('提醒你「喝水」。确认保存吗？');
    expect(printed()).toBe('');
    const saved = await say({ text: '确认' });
    expect(saved).toContain('会提醒你「喝水」');
    expect(saved).toContain(savedNote);
    await waitFor(() => printed().includes('⏰ 提醒：喝水'), 20_000);
    expect(printed()).toContain('🔔');
  }, 30_000);

  it('/forget removes the reminders of the user', async () => {
    const service = makeService();
    services.push(service);
    const userId = `forget-${_mode.length}-${Date.now()}`;
    const { say } = await chat(service, userId);
    await say({ text: '3个月后提醒我查证书' });
    await say({ text: '确认' });
    const [entry] = await service.list({ channel: 'console', userId });
    expect(entry?.text).toBe('查证书');
    expect(await say({ command: 'forget' })).toContain('你的提醒已全部删除');
    expect(await service.list({ channel: 'console', userId })).toEqual([]);
    if (service instanceof BullmqReminderService) {
      expect(await redis.exists(`${keyPrefix}{console:${userId}}:r`)).toBe(0);
      const queue = new Queue('reminders-console', { connection: redis, prefix: queuePrefix });
      expect(await queue.getJob(entry!.id)).toBeUndefined();
      await queue.close();
    }
  }, 30_000);
});
