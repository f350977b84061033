import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { BullmqReminderService, type ReminderUser } from '../../src/reminders/index.js';
import type { ReplyTarget } from '../../src/contract/index.js';
import { connectTestRedis, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { httpSender, sleep, startRecordingApi, waitFor, type RecordingApi } from './fixtures/recording-api.js';

const redis = connectTestRedis();
let api: RecordingApi;
const services: BullmqReminderService[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  api = await startRecordingApi();
});
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});
afterAll(async () => {
  await api.close();
  await redis.quit();
});

/** A fresh namespace per test: BullMQ prefix with a hash tag, and our own key prefix. */
function namespace() {
  const id = uniquePrefix('rem').replace(/:$/, '');
  return { queuePrefix: `{${id}}`, keyPrefix: `${id}:` };
}

function service(
  ns: { queuePrefix: string; keyPrefix: string },
  extra: Partial<ConstructorParameters<typeof BullmqReminderService>[0]> = {},
) {
  const s = new BullmqReminderService({ redisUrl: testRedisUrl(), ...ns, backoffMs: 100, lockDurationMs: 2_000, ...extra });
  services.push(s);
  return s;
}

let nextUser = 0;
function user(channel: 'telegram' | 'wecom' = 'telegram'): { user: ReminderUser; target: ReplyTarget } {
  const userId = `u${process.pid}-${++nextUser}-${Math.random().toString(36).slice(2, 8)}`;
  return { user: { channel, userId }, target: { channel, chatId: userId, userId } };
}

const sendsTo = (chatId: string) => api.sends.filter((s) => s.chatId === chatId);
const inSeconds = (s: number) => new Date(Date.now() + s * 1000);

describe('BullmqReminderService on real Redis', () => {
  it('delivers a reminder due in 2 s through the channel sender, once, and forgets it afterwards', async () => {
    const ns = namespace();
    const s = service(ns);
    await s.start([httpSender('telegram', api.url)]);
    const u = user();
    const { id } = await s.schedule({ ...u, dueAt: inSeconds(2), text: '查证书', kind: 'custom' });
    expect(await s.list(u.user)).toEqual([{ id, dueAt: expect.any(Date), text: '查证书', kind: 'custom' }]);
    expect(await redis.hexists(`${ns.keyPrefix}{telegram:${u.user.userId}}:r`, id)).toBe(1);
    await waitFor(() => sendsTo(u.target.chatId).length > 0, 15_000, 'delivery');
    expect(sendsTo(u.target.chatId).map((x) => x.text)).toEqual(['⏰ 提醒：查证书']);
    await sleep(1_000);
    expect(sendsTo(u.target.chatId)).toHaveLength(1);
    expect(await s.list(u.user)).toEqual([]);
    expect(await redis.get(`${ns.keyPrefix}reminder:{${id}}:delivery`)).toBe('sent');
  });

  it('keeps every key of a queue in one hash-tagged slot and the index under the user tag', async () => {
    const ns = namespace();
    const s = service(ns);
    const u = user();
    await s.schedule({ ...u, dueAt: inSeconds(600), text: 'x', kind: 'custom' });
    const keys = await redis.keys(`*${ns.keyPrefix.slice(0, -1)}*`);
    expect(keys.length).toBeGreaterThan(1);
    for (const k of keys)
      expect(k.startsWith(`${ns.queuePrefix}:reminders-telegram:`) || k === `${ns.keyPrefix}{telegram:${u.user.userId}}:r`).toBe(true);
  });

  it('lists soonest first and makes a double schedule one reminder', async () => {
    const s = service(namespace());
    const u = user();
    const later = await s.schedule({ ...u, dueAt: inSeconds(7200), text: '报名', kind: 'window' });
    const sooner = await s.schedule({ ...u, dueAt: inSeconds(3600), text: '复审', kind: 'review' });
    const again = await s.schedule({ ...u, dueAt: new Date((await s.list(u.user))[0]!.dueAt), text: '复审', kind: 'review' });
    expect(again.id).toBe(sooner.id);
    expect((await s.list(u.user)).map((e) => e.id)).toEqual([sooner.id, later.id]);
  });

  it('cancel and forgetUser remove the job and the index entry, so nothing is delivered', async () => {
    const ns = namespace();
    const s = service(ns);
    await s.start([httpSender('telegram', api.url)]);
    const queue = new Queue('reminders-telegram', { connection: redis, prefix: ns.queuePrefix });
    try {
      const a = user();
      const one = await s.schedule({ ...a, dueAt: inSeconds(2), text: 'a1', kind: 'custom' });
      const two = await s.schedule({ ...a, dueAt: inSeconds(3), text: 'a2', kind: 'custom' });
      const b = user();
      const three = await s.schedule({ ...b, dueAt: inSeconds(2), text: 'b1', kind: 'custom' });
      const four = await s.schedule({ ...b, dueAt: inSeconds(2), text: 'b2', kind: 'custom' });

      expect(await s.cancel(b.user, one.id)).toBe(false); // not b's reminder
      expect(await s.cancel(a.user, one.id)).toBe(true);
      expect(await queue.getJob(one.id)).toBeUndefined();
      expect((await s.list(a.user)).map((e) => e.id)).toEqual([two.id]);
      expect(await s.cancel(a.user, one.id)).toBe(false);

      expect(await s.forgetUser(b.user)).toBe(2);
      expect(await queue.getJob(three.id)).toBeUndefined();
      expect(await queue.getJob(four.id)).toBeUndefined();
      expect(await redis.exists(`${ns.keyPrefix}{telegram:${b.user.userId}}:r`)).toBe(0);

      await waitFor(() => sendsTo(a.target.chatId).length > 0, 15_000, 'a2');
      await sleep(1_500);
      expect(sendsTo(a.target.chatId).map((x) => x.text)).toEqual(['⏰ 提醒：a2']);
      expect(sendsTo(b.target.chatId)).toEqual([]);
    } finally {
      await queue.close();
    }
  });

  it('two workers on one Redis deliver each reminder exactly once', async () => {
    const ns = namespace();
    const first = service(ns, { concurrency: 5 });
    const second = service(ns, { concurrency: 5 });
    await first.start([httpSender('telegram', api.url)]);
    await second.start([httpSender('telegram', api.url)]);
    const users = Array.from({ length: 20 }, () => user());
    for (const [i, u] of users.entries())
      await (i % 2 ? first : second).schedule({ ...u, dueAt: inSeconds(2), text: `r${i}`, kind: 'custom' });
    await waitFor(() => users.every((u) => sendsTo(u.target.chatId).length > 0), 20_000, 'all deliveries');
    await sleep(1_500);
    for (const [i, u] of users.entries()) expect(sendsTo(u.target.chatId).map((x) => x.text)).toEqual([`⏰ 提醒：r${i}`]);
  });

  it('survives a SIGKILL of the worker process before the due time: the next worker delivers once', async () => {
    const ns = namespace();
    const start = () => {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/reminder-worker.ts', import.meta.url))], {
        env: { ...process.env, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: ns.queuePrefix, KEY_PREFIX: ns.keyPrefix, SEND_URL: api.url },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      return new Promise<ChildProcess>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
        child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
      });
    };
    const scheduler = service(ns); // schedules only, never starts a worker
    const u = user();
    const worker = await start();
    await scheduler.schedule({ ...u, dueAt: inSeconds(4), text: '杀掉重启', kind: 'custom' });
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    await sleep(4_500); // past the due time with no worker alive
    expect(sendsTo(u.target.chatId)).toEqual([]);
    await start();
    await waitFor(() => sendsTo(u.target.chatId).length > 0, 15_000, 'delivery after restart');
    await sleep(1_000);
    expect(sendsTo(u.target.chatId).map((x) => x.text)).toEqual(['⏰ 提醒：杀掉重启']);
  });

  it('drops a reminder whose user blocked the bot, with a log line, without retrying', async () => {
    const ns = namespace();
    const warnings: string[] = [];
    const s = service(ns, { logger: { info() {}, error() {}, warn: (_o, msg) => warnings.push(msg) } });
    await s.start([httpSender('telegram', api.url)]);
    const u = user();
    api.failures.set(u.target.chatId, 'blocked');
    const { id } = await s.schedule({ ...u, dueAt: inSeconds(1), text: '被拉黑', kind: 'custom' });
    await waitFor(() => (api.attempts.get(u.target.chatId) ?? 0) > 0, 15_000, 'first attempt');
    await waitFor(async () => (await redis.get(`${ns.keyPrefix}reminder:{${id}}:delivery`)) === 'dropped', 5_000, 'dropped marker');
    await sleep(1_500); // backoff is 100 ms: a retry would have happened by now
    expect(api.attempts.get(u.target.chatId)).toBe(1);
    expect(sendsTo(u.target.chatId)).toEqual([]);
    expect(warnings).toEqual(['reminder dropped: permanent delivery failure']);
    expect(await s.list(u.user)).toEqual([]);
  });

  it('retries a transient failure with backoff and then delivers once', async () => {
    const s = service(namespace());
    await s.start([httpSender('telegram', api.url)]);
    const u = user();
    api.failures.set(u.target.chatId, 2);
    await s.schedule({ ...u, dueAt: inSeconds(1), text: '重试', kind: 'custom' });
    await waitFor(() => sendsTo(u.target.chatId).length > 0, 15_000, 'delivery after retries');
    await sleep(1_000);
    expect(api.attempts.get(u.target.chatId)).toBe(3);
    expect(sendsTo(u.target.chatId).map((x) => x.text)).toEqual(['⏰ 提醒：重试']);
  });

  it('holds to the per-chat limit (Telegram 1/s per chat) by delaying, not dropping', async () => {
    const s = service(namespace());
    await s.start([httpSender('telegram', api.url)]);
    const u = user();
    const due = inSeconds(1);
    for (const text of ['一', '二', '三']) await s.schedule({ ...u, dueAt: due, text, kind: 'custom' });
    await waitFor(() => sendsTo(u.target.chatId).length === 3, 15_000, 'three deliveries');
    const at = sendsTo(u.target.chatId).map((x) => x.at);
    // Spacing of one chat's messages is the rate limit itself (a correctness property, not a speed measurement).
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(900);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(900);
    expect(new Set(sendsTo(u.target.chatId).map((x) => x.text))).toEqual(new Set(['⏰ 提醒：一', '⏰ 提醒：二', '⏰ 提醒：三']));
  });

  it('re-schedules a yearly reminder one year later after delivering it', async () => {
    const s = service(namespace());
    await s.start([httpSender('telegram', api.url)]);
    const u = user();
    const due = inSeconds(1);
    await s.schedule({ ...u, dueAt: due, text: '申报积分', kind: 'window', repeat: 'yearly' });
    await waitFor(() => sendsTo(u.target.chatId).length > 0, 15_000, 'delivery');
    const expected = new Date(due);
    expected.setUTCFullYear(expected.getUTCFullYear() + 1);
    // The delivered one leaves the list just after the next one joins it: wait for that, not for any single entry.
    const onlyNextYear = async () => {
      const all = await s.list(u.user);
      return all.length === 1 && all[0]!.dueAt.getTime() === expected.getTime();
    };
    await waitFor(onlyNextYear, 5_000, 'next year');
    const [next] = await s.list(u.user);
    expect(next).toMatchObject({ text: '申报积分', kind: 'window', repeat: 'yearly', dueAt: expected });
  });

  it('still schedules next year when the job is retried after a crash that followed the send', async () => {
    const ns = namespace();
    const s = service(ns);
    const u = user();
    const due = inSeconds(1);
    const { id } = await s.schedule({ ...u, dueAt: due, text: '申报积分', kind: 'window', repeat: 'yearly' });
    // What a worker killed right after sending leaves behind: the delivery marked sent, the job not finished.
    await redis.set(`${ns.keyPrefix}reminder:{${id}}:delivery`, 'sent', 'EX', 3600);
    await s.start([httpSender('telegram', api.url)]);
    const expected = new Date(due);
    expected.setUTCFullYear(expected.getUTCFullYear() + 1);
    await waitFor(async () => (await s.list(u.user)).some((e) => e.dueAt.getTime() === expected.getTime()), 15_000, 'next year');
    const entries = await s.list(u.user);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ text: '申报积分', kind: 'window', repeat: 'yearly', dueAt: expected });
    expect(sendsTo(u.target.chatId)).toHaveLength(0); // already sent before the "crash": not sent again
  });
});
