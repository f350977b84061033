/**
 * The WeCom access token shared through Redis Cluster: two bot processes (separate Cluster connections) sending
 * through a local WeCom API server fetch one token between them, and refresh it once when WeCom revokes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster, Redis } from 'ioredis';
import { createTokenCache, createWecomSender } from '../../src/channels/wecom/index.js';
import type { ChannelSender } from '../../src/contract/index.js';
import { testConfig } from '../channels/wecom/fixtures.js';
import { connectTestCluster, startRedisCluster, type RedisClusterHandle } from '../support/redis-cluster.js';
import { uniquePrefix } from '../support/redis.js';
import { startWecomApiServer, type WecomApiServer } from '../support/wecom-api-server.js';
import { scanAllMasters } from './support.js';

let cluster: RedisClusterHandle;
let api: WecomApiServer;
const clients: Cluster[] = [];
const config = () => testConfig(api.url);

beforeAll(async () => {
  cluster = await startRedisCluster();
  const base = testConfig();
  api = await startWecomApiServer({ corpId: base.WECOM_CORP_ID, secret: base.WECOM_SECRET });
}, 30_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  await api?.close();
  await cluster?.stop();
}, 15_000);

/**
 * One bot process: its own Cluster connection, token cache and sender.
 * The token cache and throttle are typed for a standalone client; every command they send names one key, so a
 * Cluster client serves them unchanged (the cast is the only difference; see docs/cluster.md).
 */
function botProcess(prefix: string): { sender: ChannelSender; redis: Cluster } {
  const redis = connectTestCluster(cluster.nodes);
  clients.push(redis);
  const asRedis = redis as unknown as Redis;
  const tokenCache = createTokenCache({ redis: asRedis, prefix });
  return { sender: createWecomSender({ config: config(), tokenCache, redis: asRedis, prefix }), redis };
}

const target = (member: string) => ({ channel: 'wecom' as const, chatId: member, userId: member });
const text = (t: string) => [{ kind: 'notice' as const, text: t }];

describe('WeCom token cache on Redis Cluster', () => {
  it('two processes fetch one token between them, and one new token after WeCom revokes it', async () => {
    const prefix = uniquePrefix('clwx');
    const [a, b] = [botProcess(prefix), botProcess(prefix)];
    const before = api.gettokenCalls;
    const members = Array.from({ length: 12 }, (_, i) => `member${i}`);
    await Promise.all(members.map((m, i) => (i % 2 ? a : b).sender.send(target(m), text(`你好 ${i}`))));
    const firstRound = await api.waitForSends(members.length);
    expect(api.gettokenCalls - before).toBe(1);
    const tokens = new Set(firstRound.map((s) => s.token));
    expect(tokens.size).toBe(1);
    expect(firstRound.map((s) => s.body.touser).sort()).toEqual([...members].sort());

    // Stored once for the whole cluster, with an expiry; the refresh lock was released.
    const tokenKeys = await scanAllMasters(a.redis, `${prefix}wecom:token:*`);
    expect(tokenKeys).toHaveLength(1);
    expect(await a.redis.pttl(tokenKeys[0]!)).toBeGreaterThan(0);

    api.revokeTokens();
    await Promise.all(members.slice(0, 6).map((m, i) => (i % 2 ? a : b).sender.send(target(m), text(`再见 ${i}`))));
    const all = await api.waitForSends(members.length + 6);
    expect(api.gettokenCalls - before).toBe(2);
    const secondRound = all.slice(members.length);
    expect(new Set(secondRound.map((s) => s.token)).size).toBe(1);
    expect(secondRound[0]!.token).not.toBe([...tokens][0]);
    expect(await scanAllMasters(a.redis, `${prefix}wecom:token:*`)).toEqual(tokenKeys);
  });
});
