/**
 * Fuzzing with fast-check through the whole server (fastify inject into the app `npm start` builds, real Redis):
 * random and mutated Telegram updates (right secret), random WeCom XML, signatures, timestamps and encrypted payloads,
 * and random chat text straight into the turn handler. Required: never a 5xx, never a crash (an unhandled rejection
 * fails the run), memory bounded, and every stored session a few KB at most.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Redis } from 'ioredis';
import { encrypt, getSignature } from '@wecom/crypto';
import { buildApp, loadAppConfig, type BotApp } from '../../src/app/index.js';
import { createLogger } from '../../src/observability/index.js';
import { startTelegramApiServer, type TelegramApiServer } from '../support/telegram-api-server.js';
import { deliverTelegramUpdate } from '../support/telegram-webhook.js';
import { startWecomApiServer, type WecomApiServer } from '../support/wecom-api-server.js';
import { connectTestRedis, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { callbackUpdate, commandUpdate, textUpdate } from '../channels/telegram/updates.js';
import { VECTOR_B } from '../channels/wecom/fixtures.js';
import { clickXml, person, queuePrefix, sealCallback, telegramEnv, textXml, TG_SECRET, wecomEnv, WECOM_SECRET } from './support/bots.js';
import { recordCase } from './support/summary.js';

const RUNS = 300;
/** "A few KB": the biggest stored session allowed after the fuzzing. */
const MAX_SESSION_BYTES = 8 * 1024;
/** Heap growth allowed over the whole fuzz (after a full GC), far above what ~1,500 requests legitimately keep. */
const MAX_HEAP_GROWTH_BYTES = 64 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

let app: BotApp;
let tg: TelegramApiServer;
let wecom: WecomApiServer;
let redis: Redis;
const prefix = uniquePrefix('rel-fuzz');
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
let heapAtStart = 0;

beforeAll(async () => {
  redis = connectTestRedis();
  tg = await startTelegramApiServer();
  wecom = await startWecomApiServer({ corpId: VECTOR_B.corpId, secret: WECOM_SECRET });
  const config = loadAppConfig({
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: prefix,
    REMINDER_QUEUE_PREFIX: queuePrefix('fuzz'),
    // The fuzz must reach the core, not the flood guard.
    RATE_LIMIT_MAX: '100000',
    ...telegramEnv(tg),
    ...wecomEnv(wecom),
  });
  const sink = new Writable({ write: (_c, _e, done) => done() });
  app = await buildApp(config, { logger: createLogger('warn', sink) });
  await app.server.ready();
  heapAtStart = heapAfterGc();
}, 30_000);

afterAll(async () => {
  await app?.stop();
  await tg?.close();
  await wecom?.close();
  redis?.disconnect();
});

/** Every status one fuzz group saw. */
class Statuses {
  readonly seen = new Map<number, number>();
  add(status: number) {
    this.seen.set(status, (this.seen.get(status) ?? 0) + 1);
  }
  get total() {
    return [...this.seen.values()].reduce((a, b) => a + b, 0);
  }
  get serverErrors() {
    return [...this.seen].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  }
  toString() {
    return JSON.stringify(Object.fromEntries(this.seen));
  }
}

// ── Telegram ────────────────────────────────────────────────────────────────────────────────────────────────────────

const someUser = fc.integer({ min: 1, max: 2 ** 40 }).map(person);
const validUpdate = fc.oneof(
  fc
    .tuple(fc.nat(), fc.string({ unit: 'grapheme', maxLength: 300 }), someUser)
    .map(([id, text, u]) => textUpdate(id, text, u) as Record<string, any>),
  fc
    .tuple(fc.nat(), fc.constantFrom('start', 'help', 'restart', 'result', 'compare', 'reminders', 'forget', 'x'), someUser)
    .map(([id, c, u]) => commandUpdate(id, c, u) as Record<string, any>),
  fc.tuple(fc.nat(), fc.string({ maxLength: 80 }), someUser).map(([id, data, u]) => callbackUpdate(id, data, u) as Record<string, any>),
);
const PATHS = [
  ['update_id'],
  ['message'],
  ['message', 'text'],
  ['message', 'from'],
  ['message', 'from', 'id'],
  ['message', 'chat'],
  ['message', 'chat', 'id'],
  ['message', 'chat', 'type'],
  ['message', 'entities'],
  ['message', 'date'],
  ['callback_query'],
  ['callback_query', 'data'],
  ['callback_query', 'from'],
  ['callback_query', 'message'],
  ['edited_message'],
  ['__proto__'],
];
/** A valid update with a few fields replaced by any JSON value or removed. */
const mutatedUpdate = fc
  .tuple(
    validUpdate,
    fc.array(fc.tuple(fc.constantFrom(...PATHS), fc.option(fc.jsonValue({ maxDepth: 3 }))), { minLength: 1, maxLength: 4 }),
  )
  .map(([update, edits]) => {
    const copy = JSON.parse(JSON.stringify(update)) as Record<string, any>;
    for (const [path, value] of edits) {
      let node: any = copy;
      for (const key of path.slice(0, -1)) {
        if (node === null || typeof node !== 'object') break;
        node = node[key];
      }
      if (node === null || typeof node !== 'object') continue;
      const last = path[path.length - 1]!;
      if (value === null) delete node[last];
      else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
    }
    return JSON.stringify(copy);
  });
const telegramBody = fc.oneof(
  mutatedUpdate,
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 2000 }),
  validUpdate.map((u) => JSON.stringify(u)),
);

// ── WeCom ───────────────────────────────────────────────────────────────────────────────────────────────────────────

const nowSeconds = () => Math.floor(Date.now() / 1000);
const member = fc.stringMatching(/^[A-Za-z0-9_.@-]{1,64}$/);
/** Plaintexts WeCom could send, and some it never would (all properly encrypted and signed). */
const plaintext = fc.oneof(
  fc
    .tuple(member, fc.string({ unit: 'grapheme', maxLength: 500 }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }))
    .map(([m, t, id]) => textXml(m, t.replace(/]]>/g, ''), String(id))),
  fc.tuple(member, fc.string({ maxLength: 40 })).map(([m, key]) => clickXml(m, key.replace(/]]>/g, ''))),
  fc.string({ unit: 'binary', maxLength: 1000 }),
  fc
    .tuple(
      fc.constantFrom(
        '<xml>',
        '<xml><MsgType>text</MsgType>',
        '<!DOCTYPE x [<!ENTITY a "b">]><xml>',
        '<xml><a><b><c><d><e><f><g><h><i><j>',
      ),
      fc.string({ maxLength: 200 }),
    )
    .map(([head, tail]) => head + tail),
);
const wecomRequest = fc.oneof(
  // Well sealed: the full path through decryption and parsing.
  plaintext.map((p) => sealCallback(p)),
  // Sealed, then one thing broken: signature, timestamp (old, future, junk), nonce, a byte of the ciphertext.
  fc
    .tuple(
      plaintext,
      fc.constantFrom('signature', 'timestamp', 'nonce', 'cipher'),
      fc.string({ maxLength: 20 }),
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
    )
    .map(([p, part, junk, shift]) => {
      const sealed = sealCallback(p);
      const url = new URL(sealed.path, 'http://x');
      if (part === 'signature') url.searchParams.set('msg_signature', junk);
      if (part === 'timestamp') url.searchParams.set('timestamp', junk === '' ? String(nowSeconds() + shift) : junk);
      if (part === 'nonce') url.searchParams.set('nonce', junk);
      const body =
        part === 'cipher'
          ? sealed.body.replace(/CDATA\[([A-Za-z0-9+/])/, (_m, c: string) => `CDATA[${c === 'A' ? 'B' : 'A'}`)
          : sealed.body;
      return { path: url.pathname + url.search, body };
    }),
  // Properly signed ciphertexts that are not valid encryptions.
  fc.string({ maxLength: 400 }).map((cipher) => {
    const ts = String(nowSeconds());
    const sig = getSignature(VECTOR_B.token, ts, '1', cipher);
    return {
      path: `/wecom/callback?msg_signature=${sig}&timestamp=${ts}&nonce=1`,
      body: `<xml><Encrypt><![CDATA[${cipher.replace(/]]>/g, '')}]]></Encrypt></xml>`,
    };
  }),
  // Encrypted for another corp (receive id mismatch).
  fc.string({ maxLength: 40 }).map((receiveId) => {
    const ts = String(nowSeconds());
    const cipher = encrypt(VECTOR_B.encodingAesKey, textXml('u', 'hi', '1'), receiveId || 'x');
    const sig = getSignature(VECTOR_B.token, ts, '1', cipher);
    return {
      path: `/wecom/callback?msg_signature=${sig}&timestamp=${ts}&nonce=1`,
      body: `<xml><Encrypt><![CDATA[${cipher}]]></Encrypt></xml>`,
    };
  }),
  // Anything at all.
  fc
    .tuple(fc.webQueryParameters(), fc.string({ unit: 'binary', maxLength: 3000 }))
    .map(([q, body]) => ({ path: `/wecom/callback?${q}`, body })),
);

// ── chat text ───────────────────────────────────────────────────────────────────────────────────────────────────────

const CONTROL = [...Array(32).keys()].map((c) => String.fromCharCode(c)).concat(['\u007f', '\u200b', '\u202e', '\ufeff', '\ud800']);
const chatText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc
    .array(fc.constantFrom(...CONTROL, '😀', '👨‍👩‍👧', '🇨🇳', '电工', '上海', '35岁', '提醒我', '后', '年', '证'), { maxLength: 200 })
    .map((a) => a.join('')),
  fc
    .tuple(fc.constantFrom('我', '3个月后提醒我', '上海 ', '电工证 ', 'a'), fc.integer({ min: 5_000, max: 30_000 }))
    .map(([head, n]) => head + '啊'.repeat(n)),
  fc.constantFrom('/start', '/forget', '确认', '上一步', '重新开始', '1', '2', '99', ''),
);

describe('fuzz (fast-check, bounded runs)', () => {
  it(`Telegram webhook bodies with the right secret: never a 5xx (${RUNS} runs, seed ${seed})`, async () => {
    const statuses = new Statuses();
    await fc.assert(
      fc.asyncProperty(telegramBody, async (body) => {
        const res = await deliverTelegramUpdate(app.server, undefined, { secret: TG_SECRET, api: tg, rawBody: body });
        statuses.add(res.status);
        return res.status < 500;
      }),
      { numRuns: RUNS, seed },
    );
    recordCase({
      case: 'fuzz telegram webhook bodies',
      unit: 'requests',
      run: statuses.total,
      passed: statuses.total - statuses.serverErrors,
      lost: 0,
      duplicated: 0,
    });
    expect(statuses.serverErrors, statuses.toString()).toBe(0);
    expect(statuses.seen.get(400) ?? 0, `bad bodies are refused with 400: ${statuses}`).toBeGreaterThan(0);
  }, 60_000);

  it(`WeCom XML, signatures, timestamps and payloads: never a 5xx (${RUNS} runs, seed ${seed})`, async () => {
    const statuses = new Statuses();
    await fc.assert(
      fc.asyncProperty(wecomRequest, async ({ path, body }) => {
        const res = await app.server.inject({ method: 'POST', url: path, headers: { 'content-type': 'text/xml' }, payload: body });
        statuses.add(res.statusCode);
        return res.statusCode < 500;
      }),
      { numRuns: RUNS, seed },
    );
    recordCase({
      case: 'fuzz wecom callbacks',
      unit: 'requests',
      run: statuses.total,
      passed: statuses.total - statuses.serverErrors,
      lost: 0,
      duplicated: 0,
    });
    expect(statuses.serverErrors, statuses.toString()).toBe(0);
    expect(statuses.seen.get(401) ?? 0, statuses.toString()).toBeGreaterThan(0);
    expect(statuses.seen.get(400) ?? 0, statuses.toString()).toBeGreaterThan(0);
  }, 60_000);

  it(`chat text through the turn handler: always an answer, sessions stay small (${RUNS} runs, seed ${seed})`, async () => {
    let failures = 0;
    let runs = 0;
    // A few users receive everything, so their sessions see long, hostile conversations.
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom('telegram', 'wecom') as fc.Arbitrary<'telegram' | 'wecom'>,
        chatText,
        async (who, channel, text) => {
          runs += 1;
          const userId = `fuzz-${who}`;
          const result = await app.handler.handle({
            channel,
            userId,
            chatId: userId,
            messageId: `fz:${runs}:${Math.random()}`,
            text,
            sentAt: Date.now(),
          });
          const ok =
            result.status === 'applied' &&
            result.replies.length > 0 &&
            result.replies.every((r) => typeof r.text === 'string' && r.text.length > 0 && r.text.length < 20_000);
          if (!ok) failures += 1;
          return ok;
        },
      ),
      { numRuns: RUNS, seed },
    );
    const sizes: Record<string, number> = {};
    for (const channel of ['telegram', 'wecom']) {
      for (let who = 0; who < 5; who++) {
        const key = `${prefix}{${channel}:fuzz-${who}}:s`;
        sizes[key] = await redis.strlen(key);
      }
    }
    const biggest = Math.max(...Object.values(sizes));
    const oversized = Object.values(sizes).filter((n) => n > MAX_SESSION_BYTES).length;
    recordCase({ case: 'fuzz chat text (turn handler)', unit: 'turns', run: runs, passed: runs - failures, lost: failures, duplicated: 0 });
    expect(failures).toBe(0);
    expect(oversized, `session sizes: ${JSON.stringify(sizes)}`).toBe(0);
    expect(biggest).toBeGreaterThan(0);
  }, 120_000);

  it('memory stays bounded over the whole fuzz', async () => {
    await new Promise((r) => setTimeout(r, 2_500)); // replies still being sent in the background
    const growth = heapAfterGc() - heapAtStart;
    const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
    const ok = growth < MAX_HEAP_GROWTH_BYTES;
    recordCase({
      case: `fuzz memory (heap +${Math.round(growth / 2 ** 20)} MB, rss ${rssMb} MB)`,
      unit: 'checks',
      run: 1,
      passed: ok ? 1 : 0,
      lost: 0,
      duplicated: 0,
    });
    expect(growth, `heap grew ${growth} bytes; rss ${rssMb} MB`).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
  }, 30_000);
});
