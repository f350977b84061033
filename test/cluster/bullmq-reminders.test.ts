/**
 * BullMQ on Redis Cluster, the way the reminder service uses it: one queue per channel of delayed jobs under the
 * hash-tagged prefix `{…}` (BullMQ's documented requirement, docs.bullmq.io/patterns/redis-cluster: its scripts touch
 * several keys of a queue at once, so they must share a slot), delivered through a ChannelSender that records.
 * The service itself (src/reminders) takes a redis:// URL only, so it cannot yet be pointed at a Cluster; see
 * docs/cluster.md for the change it needs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, Worker } from 'bullmq';
import type { Cluster } from 'ioredis';
import type { ChannelSender, ReplyTarget, Reply } from '../../src/contract/index.js';
import { connectTestCluster, startRedisCluster, type RedisClusterHandle } from '../support/redis-cluster.js';
import { uniquePrefix } from '../support/redis.js';
import { keySlot, scanAllMasters } from './support.js';

let cluster: RedisClusterHandle;
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  cluster = await startRedisCluster();
}, 30_000);

afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  await cluster?.stop();
}, 15_000);

/** BullMQ workers need maxRetriesPerRequest: null (blocking commands wait through reconnects). */
function bullConnection(): Cluster {
  const c = connectTestCluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: null } });
  closers.push(() => c.quit());
  return c;
}

function recordingSender(): ChannelSender & { sent: Array<{ target: ReplyTarget; replies: Reply[] }> } {
  const sent: Array<{ target: ReplyTarget; replies: Reply[] }> = [];
  return {
    channel: 'telegram',
    sent,
    async send(target, replies) {
      sent.push({ target, replies });
    },
  };
}

function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const poll = () => {
      if (check()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 50);
    };
    poll();
  });
}

interface ReminderJob {
  target: ReplyTarget;
  text: string;
}

describe('BullMQ reminders on Redis Cluster', () => {
  it('schedules a delayed reminder under a hash-tagged prefix and delivers it once through the sender', async () => {
    const tag = uniquePrefix('clbull').replace(/:$/, '');
    const prefix = `{${tag}}`;
    const queue = new Queue<ReminderJob>('reminders-telegram', { connection: bullConnection(), prefix });
    closers.push(() => queue.close());
    const sender = recordingSender();
    const target: ReplyTarget = { channel: 'telegram', chatId: '4242', userId: '4242' };

    await queue.add('reminder', { target, text: '⏰ 提醒：查证书' }, { jobId: 'r-1', delay: 1_000, removeOnComplete: true });
    // Adding the same job id again (a redelivered "remind me" message) must not make a second reminder.
    await queue.add('reminder', { target, text: '⏰ 提醒：查证书' }, { jobId: 'r-1', delay: 1_000, removeOnComplete: true });
    expect(await queue.getDelayedCount()).toBe(1);

    const admin = bullConnection();
    const queueKeys = await scanAllMasters(admin, `${prefix}:*`);
    expect(queueKeys.length).toBeGreaterThan(1);
    const slots = new Set(await Promise.all(queueKeys.map((k) => keySlot(admin, k))));
    expect(slots.size).toBe(1);

    const worker = new Worker<ReminderJob>(
      'reminders-telegram',
      async (job) => sender.send(job.data.target, [{ kind: 'notice', text: job.data.text }]),
      { connection: bullConnection(), prefix },
    );
    closers.push(() => worker.close());
    await waitFor(() => sender.sent.length > 0, 15_000, 'the reminder');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(sender.sent).toEqual([{ target, replies: [{ kind: 'notice', text: '⏰ 提醒：查证书' }] }]);
    expect(await queue.getDelayedCount()).toBe(0);
    expect(await queue.getJob('r-1')).toBeUndefined();
  });

  it('a queue without a hash tag in its prefix is refused by the cluster (CROSSSLOT), as BullMQ documents', async () => {
    const queue = new Queue('reminders-telegram', { connection: bullConnection(), prefix: uniquePrefix('untagged').replace(/:$/, '') });
    closers.push(() => queue.close());
    await expect(queue.add('reminder', { text: 'x' }, { delay: 60_000 })).rejects.toThrow(/CROSSSLOT/);
  });
});
