/**
 * BullmqReminderService on Redis Cluster (needs the `connection` option from docs/cluster.md): a reminder scheduled
 * with the hash-tagged prefix is delivered once through a recording ChannelSender; /forget leaves no key of the user.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BullmqReminderService } from '../../src/reminders/index.js';
import type { ChannelSender, ReplyTarget, Reply } from '../../src/contract/index.js';
import { userKeys } from '../../src/store/index.js';
import { connectTestCluster, startRedisCluster, type RedisClusterHandle } from '../support/redis-cluster.js';
import { uniquePrefix } from '../support/redis.js';
import { keySlot, scanAllMasters } from './support.js';

let cluster: RedisClusterHandle;
beforeAll(async () => {
  cluster = await startRedisCluster();
}, 30_000);
afterAll(async () => {
  await cluster?.stop();
}, 15_000);

it('schedules, lists and delivers a reminder once on the cluster, and forgetUser leaves no key', async () => {
  const id = uniquePrefix('clrem').replace(/:$/, '');
  const ns = { queuePrefix: `{${id}}`, keyPrefix: `${id}:` };
  const admin = connectTestCluster(cluster.nodes);
  const sent: Array<{ target: ReplyTarget; replies: Reply[] }> = [];
  const sender: ChannelSender = {
    channel: 'wecom',
    async send(target, replies) {
      sent.push({ target, replies });
    },
  };
  const service = new BullmqReminderService({
    connection: connectTestCluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: null } }),
    ...ns,
    backoffMs: 100,
    lockDurationMs: 2_000,
  });
  try {
    await service.start([sender]);
    const user = { channel: 'wecom' as const, userId: '王五@corp' };
    const target: ReplyTarget = { channel: 'wecom', chatId: user.userId, userId: user.userId };
    const due = await service.schedule({ user, target, dueAt: new Date(Date.now() + 1_000), text: '查证书', kind: 'custom' });
    const later = await service.schedule({ user, target, dueAt: new Date(Date.now() + 3_600_000), text: '复审', kind: 'review' });
    expect((await service.list(user)).map((e) => e.id)).toEqual([due.id, later.id]);
    const indexKey = `${userKeys(ns.keyPrefix, user).base}:r`;
    expect(await keySlot(admin, indexKey)).toBe(await keySlot(admin, userKeys(ns.keyPrefix, user).state));

    const deadline = Date.now() + 15_000;
    while (sent.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(sent.map((s) => s.replies.map((r) => r.text))).toEqual([['⏰ 提醒：查证书']]);
    expect((await service.list(user)).map((e) => e.id)).toEqual([later.id]);

    expect(await service.forgetUser(user)).toBe(1);
    expect(await scanAllMasters(admin, userKeys(ns.keyPrefix, user).pattern)).toEqual([]);
    expect(await service.list(user)).toEqual([]);
  } finally {
    await service.close();
    await admin.quit();
  }
});
