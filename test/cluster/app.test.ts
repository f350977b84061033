/**
 * The production composition on Redis Cluster: buildApp with REDIS_CLUSTER_NODES serves a Telegram turn (state on the
 * cluster, readiness green), delivers a reminder once through BullMQ on the cluster, and /forget leaves no key of the
 * user on any master.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Cluster } from 'ioredis';
import type { BotApp } from '../../src/app/index.js';
import { userKeys } from '../../src/store/index.js';
import { connectTestCluster, startRedisCluster, type RedisClusterHandle } from '../support/redis-cluster.js';
import { freePort } from '../support/redis-server.js';
import { uniquePrefix } from '../support/redis.js';
import { startTelegramApiServer, type TelegramApiServer } from '../support/telegram-api-server.js';
import { buildTestApp } from '../server/harness.js';
import { deliveredReminderText, TelegramConversation, testPerson, WEBHOOK_SECRET } from '../server/telegram-conversation.js';
import { scanAllMasters } from './support.js';

let cluster: RedisClusterHandle;
let api: TelegramApiServer;
let app: BotApp;
let admin: Cluster;
const keyPrefix = uniquePrefix('clapp');

beforeAll(async () => {
  cluster = await startRedisCluster();
  admin = connectTestCluster(cluster.nodes);
  api = await startTelegramApiServer();
  ({ app } = await buildTestApp({
    PORT: String(await freePort()),
    REDIS_CLUSTER_NODES: cluster.nodes.map((n) => `${n.host}:${n.port}`).join(','),
    REDIS_PREFIX: keyPrefix,
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    TELEGRAM_API_ROOT: api.apiRoot,
  }));
  await app.start();
}, 40_000);

afterAll(async () => {
  await app?.stop();
  await api?.close();
  await admin?.quit();
  await cluster?.stop();
}, 20_000);

it('serves a turn, delivers a reminder once and forgets the user, all on the cluster', async () => {
  expect(app.summary.store).toBe('redis-cluster');
  expect(app.summary.remindersDurable).toBe(true);
  const ready = await app.server.inject({ method: 'GET', url: '/readyz' });
  expect(ready.json()).toEqual({ status: 'ready', checks: { redis: 'ok', rules: 'ok' } });

  const chat = new TelegramConversation(app, api, testPerson());
  const user = { channel: 'telegram' as const, userId: String(chat.person.id) };
  const keys = userKeys(keyPrefix, user);

  expect((await chat.say('/start')).length).toBeGreaterThan(0);
  expect(await admin.exists(keys.state)).toBe(1);

  await chat.say('3秒后提醒我喝水');
  expect((await chat.say('确认')).join('\n')).toContain('会提醒你「喝水」');
  const reminder = deliveredReminderText('喝水');
  await chat.waitForText(reminder, 15_000);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(chat.textsSent().filter((t) => t === reminder)).toHaveLength(1);

  expect(await scanAllMasters(admin, keys.pattern)).not.toEqual([]);
  await chat.say('/forget');
  expect(await scanAllMasters(admin, keys.pattern)).toEqual([]);
  expect((await scanAllMasters(admin, '*')).filter((key) => key.includes(user.userId))).toEqual([]);
});
