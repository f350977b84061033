/**
 * 微信客服 replies left in the outbox reach the customer after a restart. Three customers each write twice to the kf
 * account while send_msg is down (errcode -1 on every call): the bot pulls, commits each turn through the real turn
 * runtime, and its sends fail, so every turn's replies stay in the outbox. Then the kf API is back and a second
 * process (its own store, its own sweeper, the kf sender built by buildKfChannel) sweeps.
 *
 * Required: each customer receives what was committed, once, in order, each message carrying the msgid derived from
 * the turn it answers (so WeCom would refuse a copy the first process had sent); the outbox is empty afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { buildKfChannel, kfConfigSchema, outgoingMsgid } from '../../src/channels/kf/index.js';
import { createTokenCache } from '../../src/channels/wecom/index.js';
import { decodeOutboxPayload, OutboxSweeper } from '../../src/outbox/index.js';
import { createTurnHandler } from '../../src/runtime/index.js';
import { RedisSessionStore, userKeys, type SessionKey } from '../../src/store/index.js';
import { startKfApiServer, type KfApiServer } from '../support/wecom-kf-api-server.js';
import { connectTestRedis, uniquePrefix } from '../support/redis.js';
import { testConfig, VECTOR_B } from '../channels/wecom/fixtures.js';
import { KF_ACCOUNT, sharedCore, startKfBot, shown } from '../channels/kf/fixtures.js';
import { planMessages } from '../../src/channels/kf/render.js';
import { WECOM_SECRET } from './support/bots.js';
import { recordCase } from './support/summary.js';

const CUSTOMERS = 3;
const SAYS = ['你好', '上海'] as const;

let api: KfApiServer;
let redis: Redis;

beforeAll(async () => {
  api = await startKfApiServer({ corpId: VECTOR_B.corpId, secret: WECOM_SECRET });
  redis = connectTestRedis();
});

afterAll(async () => {
  await redis?.quit();
  await api?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('微信客服 replies in the outbox after a restart', () => {
  it('send_msg down while the turns commit: a second process sweeps them out, once each, in order', async () => {
    const prefix = uniquePrefix('rel-kf-sweep');
    const core = sharedCore();
    // The first process: a short lease, so its unsent entries are due for another process soon.
    const handler = createTurnHandler({ store: new RedisSessionStore({ redis, prefix, outbox: { leaseMs: 300 } }), ...core });
    const bot = await startKfBot({ apiUrl: api.url, redis, prefix, handler });
    const people = Array.from({ length: CUSTOMERS }, (_, i) => `wmSweep${i}${Math.random().toString(36).slice(2, 6)}`);
    const inbound = new Map<string, string[]>();
    api.sendsFailing = true;
    try {
      for (const said of SAYS) {
        for (const person of people) {
          const { token, msgid } = api.customerSays(KF_ACCOUNT, person, said);
          inbound.set(person, [...(inbound.get(person) ?? []), msgid]);
          expect(await bot.notifyAndSettle(token)).toBe(200);
        }
      }
    } finally {
      await bot.close();
    }
    expect(api.sends).toHaveLength(0);
    expect(api.refused.length).toBeGreaterThan(0);

    // What must arrive: the committed entries, oldest first, as the kf renderer plans them (4 messages a turn at most).
    const keys: SessionKey[] = people.map((p) => ({ channel: 'kf', userId: `${KF_ACCOUNT}:${p}` }));
    const expected = new Map<string, Array<{ text: string; msgid: string }>>();
    for (const [i, key] of keys.entries()) {
      const entries = Object.entries(await redis.hgetall(userKeys(prefix, key).outbox))
        .map(([turnId, value]) => ({ turnId, m: /^(\d+) \d+ s(.*)$/s.exec(value)! }))
        .sort((a, b) => Number(a.m[1]) - Number(b.m[1]));
      expect(entries.map((e) => e.turnId)).toEqual(inbound.get(people[i]!)!.map((id) => `kf:${id}`));
      expected.set(
        people[i]!,
        entries.flatMap(({ turnId, m }) =>
          planMessages(decodeOutboxPayload(m[2]!)!.replies, core.texts.kf, 4).messages.map((body, n) => ({
            text: shown(body),
            msgid: outgoingMsgid(turnId.slice('kf:'.length), n),
          })),
        ),
      );
    }

    api.sendsFailing = false;
    // The restarted process: its own store, and its sweeper with the kf sender.
    const store = new RedisSessionStore({ redis, prefix, outbox: { leaseMs: 300 } });
    const kf = buildKfChannel({
      wecom: testConfig(api.url),
      kf: kfConfigSchema.parse({ WECOM_KF_ACCOUNTS: KF_ACCOUNT }),
      redis,
      prefix,
      tokenCache: createTokenCache({ redis, prefix }),
      handler: createTurnHandler({ store, ...core }),
      texts: core.texts.kf,
      logger: bot.app.log,
    });
    const logger = { info() {}, warn() {} };
    const sweeper = new OutboxSweeper({ outbox: store.outbox, senders: [kf.outboxSender], logger, intervalMs: 200, minAgeMs: 300 });
    const total = [...expected.values()].reduce((n, e) => n + e.length, 0);
    sweeper.start();
    for (let waited = 0; api.sends.length < total && waited < 20_000; waited += 100) await sleep(100);
    // Late second copies would show up here.
    await sleep(1_000);
    await sweeper.stop();
    await store.close();

    let lost = 0;
    let duplicated = 0;
    for (const person of people) {
      const got = api.sends.filter((s) => s.touser === person).map((s) => ({ text: shown(s.body), msgid: s.msgid }));
      const want = expected.get(person)!;
      lost += Math.max(0, want.length - new Set(got.map((g) => g.msgid)).size);
      duplicated += got.length - new Set(got.map((g) => g.msgid)).size;
      expect(got).toEqual(want);
    }
    recordCase({
      case: 'kf replies in the outbox, swept after a restart',
      unit: 'messages',
      run: total,
      passed: total - lost - duplicated,
      lost,
      duplicated,
    });
    const left = (await Promise.all(keys.map((key) => redis.exists(userKeys(prefix, key).outbox)))).filter(Boolean).length;
    expect(left).toBe(0);
  }, 60_000);
});
