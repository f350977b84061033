/**
 * The outbox sweeper while Redis goes away in the middle of its run: killed (SIGKILL, restarted 3 s later from its
 * AOF) or frozen (SIGSTOP for 3 s). What the sweeper finds was left by turns committed through the real turn runtime
 * whose replies were never acknowledged (the process that committed them "died"): 30 Telegram users and 10 WeCom
 * members, two turns each. The sweeper sends through the real channel senders to the local Bot API and WeCom API
 * stand-ins, paced like production (Telegram 30/s, 1/s per chat), so its run lasts a few seconds and the outage
 * falls inside it.
 *
 * Required: every entry's messages arrive exactly once, in each user's order, and the outbox is empty afterwards.
 * What is expected per chat is read from the outbox itself before the sweep (the committed replies, rendered by the
 * channel's renderer): what was committed is what must arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from 'grammy';
import type { Redis } from 'ioredis';
import { createTelegramSender } from '../../src/channels/telegram/index.js';
import { renderReplies as renderTelegram } from '../../src/channels/telegram/render.js';
import { telegramTexts } from '../../src/channels/telegram/texts.js';
import { createTokenCache, createWecomSender } from '../../src/channels/wecom/index.js';
import { renderReplies as renderWecom, splitMessage } from '../../src/channels/wecom/render.js';
import { wecomTexts } from '../../src/channels/wecom/texts.js';
import type { InboundMessage } from '../../src/contract/index.js';
import { decodeOutboxPayload, OutboxSweeper } from '../../src/outbox/index.js';
import { createTurnHandler } from '../../src/runtime/index.js';
import { loadCore } from '../../src/app/core.js';
import { connectRedis, RedisSessionStore, userKeys, type SessionKey } from '../../src/store/index.js';
import { startTelegramApiServer, type TelegramApiServer } from '../support/telegram-api-server.js';
import { startWecomApiServer, type WecomApiServer } from '../support/wecom-api-server.js';
import { uniquePrefix } from '../support/redis.js';
import { testConfig, VECTOR_B } from '../channels/wecom/fixtures.js';
import { startRestartableRedis, type RestartableRedis } from './support/restartable-redis.js';
import { WECOM_SECRET } from './support/bots.js';
import { recordCase } from './support/summary.js';

const TELEGRAM_USERS = 30;
const WECOM_MEMBERS = 10;
const TURNS = ['/start', '上海'] as const;
const OUTAGE_MS = 3000;

let server: RestartableRedis;
let redis: Redis;
let tg: TelegramApiServer;
let wecom: WecomApiServer;
const core = loadCore();

beforeAll(async () => {
  [server, tg, wecom] = await Promise.all([
    startRestartableRedis(),
    startTelegramApiServer(),
    startWecomApiServer({ corpId: VECTOR_B.corpId, secret: WECOM_SECRET }),
  ]);
  redis = connectRedis(server.url);
}, 30_000);

afterAll(async () => {
  redis?.disconnect();
  await Promise.all([server?.stop(), tg?.close(), wecom?.close()]);
});

function inbound(key: SessionKey, turn: number): InboundMessage {
  const text = TURNS[turn]!;
  const base = { channel: key.channel, userId: key.userId, chatId: key.userId, messageId: `m${turn}`, sentAt: Date.now() };
  return text.startsWith('/') ? { ...base, command: text.slice(1) } : { ...base, text };
}

/** What each chat must receive, in order: the rendered messages of its outbox entries, oldest first. */
async function expectedTexts(prefix: string, keys: SessionKey[]): Promise<Map<string, string[]>> {
  const expected = new Map<string, string[]>();
  for (const key of keys) {
    const entries = Object.entries(await redis.hgetall(userKeys(prefix, key).outbox))
      .map(([, value]) => /^(\d+) \d+ s(.*)$/s.exec(value)!)
      .sort((a, b) => Number(a[1]) - Number(b[1]))
      .map((m) => decodeOutboxPayload(m[2]!)!);
    const texts = entries.flatMap((e) =>
      key.channel === 'telegram'
        ? renderTelegram(e.replies, telegramTexts()).messages.map((m) => m.text)
        : splitMessage(renderWecom(e.replies, wecomTexts())),
    );
    expected.set(`${key.channel}:${key.userId}`, texts);
  }
  return expected;
}

function receivedTexts(key: SessionKey): string[] {
  if (key.channel === 'telegram') {
    return tg.calls
      .filter((c) => c.method === 'sendMessage' && c.status === 200 && String(c.params.chat_id) === key.userId)
      .map((c) => String(c.params.text));
  }
  return wecom.sends.filter((s) => s.body.touser === key.userId).map((s) => String(s.body.text?.content));
}

async function sweepThroughOutage(label: string, outage: 'kill' | 'freeze'): Promise<void> {
  const prefix = uniquePrefix(`rel-sweep-${label}`);
  // The process that commits and "dies", and the one (started later) whose sweeper finds what it left.
  const dead = new RedisSessionStore({ redis, prefix, outbox: { leaseMs: 300 } });
  const store = new RedisSessionStore({ redis, prefix, outbox: { leaseMs: 300 } });
  const handler = createTurnHandler({ store: dead, ...core });
  const tag = Math.random().toString(36).slice(2, 7);
  const keys: SessionKey[] = [
    ...Array.from({ length: TELEGRAM_USERS }, (_, i) => ({
      channel: 'telegram' as const,
      userId: String(8_000_000 + i * 10 + (outage === 'kill' ? 1 : 2)),
    })),
    ...Array.from({ length: WECOM_MEMBERS }, (_, i) => ({ channel: 'wecom' as const, userId: `sweep-${tag}-${i}` })),
  ];
  // Committed, never acknowledged: as if the process died right after each commit.
  for (const turn of TURNS.keys()) {
    await Promise.all(keys.map((key) => handler.handle(inbound(key, turn))));
  }
  const expected = await expectedTexts(prefix, keys);
  expect([...expected.values()].every((texts) => texts.length >= TURNS.length)).toBe(true);

  const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot }, botInfo: tg.botInfo as never });
  const config = testConfig(wecom.url);
  const senders = [
    createTelegramSender({ api: bot.api }),
    createWecomSender({ config, tokenCache: createTokenCache({ redis, prefix }), redis, prefix }),
  ];
  const logs: string[] = [];
  const logger = { info: (_o: object, msg: string) => logs.push(msg), warn: (_o: object, msg: string) => logs.push(msg) };
  const sweeper = new OutboxSweeper({ outbox: store.outbox, senders, logger, intervalMs: 200, minAgeMs: 300, leaseMs: 8000, lockMs: 3000 });
  const sentBefore = () => keys.reduce((n, key) => n + receivedTexts(key).length, 0);

  sweeper.start();
  const started = Date.now();
  // The outage starts once the sweep is well under way (some sent, most not).
  while (sentBefore() < 10 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 20));
  const sentAtOutage = sentBefore();
  if (outage === 'kill') {
    await server.kill();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await server.restart();
  } else {
    server.freeze();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    server.thaw();
  }
  const total = [...expected.values()].reduce((n, t) => n + t.length, 0);
  const deadline = Date.now() + 40_000;
  while (sentBefore() < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  // Late second copies would show up here.
  await new Promise((r) => setTimeout(r, 1500));
  await sweeper.stop();
  const left = (await Promise.all(keys.map((key) => redis.exists(userKeys(prefix, key).outbox)))).filter(Boolean).length;

  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  for (const key of keys) {
    const want = expected.get(`${key.channel}:${key.userId}`)!;
    const got = receivedTexts(key);
    lost += want.filter((t) => !got.includes(t)).length;
    duplicated += got.length - new Set(got).size;
    if (new Set(got).size === want.length && [...new Set(got)].join('\n') !== want.join('\n')) outOfOrder += 1;
  }
  recordCase({
    case: `outbox sweep, Redis ${outage === 'kill' ? 'killed' : 'frozen'} mid-run`,
    unit: 'messages',
    run: total,
    passed: total - lost - duplicated,
    lost,
    duplicated,
  });
  expect(sentAtOutage, 'the outage fell inside the sweep').toBeLessThan(total);
  expect({ lost, duplicated, outOfOrder, left }).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0, left: 0 });
  await store.close();
}

describe('outbox sweeper through a Redis outage', () => {
  it('Redis killed during the sweep: every reply once, in order, outbox empty', async () => {
    await sweepThroughOutage('kill', 'kill');
  }, 90_000);

  it('Redis frozen during the sweep: every reply once, in order, outbox empty', async () => {
    await sweepThroughOutage('freeze', 'freeze');
  }, 90_000);
});
