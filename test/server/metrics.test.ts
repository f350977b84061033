import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { BotApp } from '../../src/app/index.js';
import { startTelegramApiServer, type TelegramApiServer } from '../support/telegram-api-server.js';
import { deliverTelegramUpdate } from '../support/telegram-webhook.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';
import { commandUpdate } from '../channels/telegram/updates.js';
import { buildTestApp, REPO_ROOT, type CapturedLog } from './harness.js';

const SECRET = 'server-metrics-secret';
const WELCOME = (parse(readFileSync(`${REPO_ROOT}dialogs/messages.yaml`, 'utf8')) as { welcome: string }).welcome;

describe('/metrics through the real Telegram webhook', () => {
  let api: TelegramApiServer;
  let app: BotApp;
  let log: CapturedLog;

  beforeAll(async () => {
    api = await startTelegramApiServer();
    ({ app, log } = await buildTestApp({
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: uniquePrefix('metrics'),
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: api.apiRoot,
    }));
  });
  afterAll(async () => {
    await app.stop();
    await api.close();
  });

  it('counts one applied turn and one duplicate, and times them', async () => {
    const update = commandUpdate(9001, 'start');
    const post = () => deliverTelegramUpdate(app.server, update, { secret: SECRET, api });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200); // Telegram redelivers: same update_id
    const sent = api.sent('sendMessage');
    expect(sent.length).toBeGreaterThan(0);
    expect(String(sent[0]!.text)).toContain(WELCOME.slice(0, 8));

    const metrics = (await app.server.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('jifen_turns_total{channel="telegram",outcome="applied"} 1');
    expect(metrics).toContain('jifen_turns_total{channel="telegram",outcome="duplicate"} 1');
    expect(metrics).toContain('jifen_turn_duration_seconds_count{channel="telegram"} 2');
    expect(metrics).toContain('process_cpu_user_seconds_total');
  });

  it('counts FAQ hits and misses', async () => {
    const ask = (id: number, text: string) =>
      app.handler.handle({ channel: 'telegram', userId: '777', chatId: '777', messageId: `tg:${id}`, text, sentAt: Date.now() });
    await ask(1, '特种作业操作证多久复审一次？');
    await ask(2, '今天晚饭吃什么好呢？');
    const metrics = (await app.server.inject({ method: 'GET', url: '/metrics' })).body;
    const hits = Number(/jifen_faq_answers_total\{result="hit"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    const misses = Number(/jifen_faq_answers_total\{result="miss"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    // The first is a FAQ entry (dialogs/faq: special-operation certificate review); the second is out of scope.
    expect(hits).toBe(1);
    expect(misses).toBe(1);
  });

  it('never logs the bot token, the webhook secret or what the user wrote', () => {
    const all = log.raw.join('\n');
    expect(all).not.toContain(api.token.split(':')[1]);
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('特种作业');
  });
});
