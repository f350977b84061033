/**
 * A whole intake through Telegram, on the real dialog engine, rules and Redis session store: the user only taps
 * the buttons the bot sent and types what a worker would type, and ends with the points breakdown.
 *
 * Golden values (docs/policy/sources-notes.md §1, 上海市居住证积分, 沪府发〔2017〕98号): age 56–60 → 5 points,
 * +2 per year younger, so 32 → 30; 本科学历+学士学位 → 90 (education beats a 四级 skill certificate's 15, "the higher
 * of the two"); social insurance 3 points per year → 5 years = 15; total 135 against the standard 120.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../../src/config.js';
import { createTelegramBot, telegramConfigSchema, telegramPlugin } from '../../../src/channels/telegram/index.js';
import { loadCore } from '../../../src/app/core.js';
import { createTurnHandler } from '../../../src/runtime/turn-runtime.js';
import { RedisSessionStore } from '../../../src/store/index.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';
import { startTelegramApiServer, type TelegramApiServer } from '../../support/telegram-api-server.js';
import { deliverTelegramUpdate } from '../../support/telegram-webhook.js';
import { recordingLogger } from './harness.js';
import * as U from './updates.js';

const SECRET = 'intake_secret';

describe('a whole intake conversation through Telegram', () => {
  const redis = connectTestRedis();
  let api: TelegramApiServer;
  let app: FastifyInstance;
  let updateId = 9000;

  beforeAll(async () => {
    api = await startTelegramApiServer();
    const config = parseEnv(telegramConfigSchema, {
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: api.apiRoot,
    });
    const store = new RedisSessionStore({ redis, prefix: uniquePrefix('tg-intake') });
    const handler = createTurnHandler({ ...loadCore(), store, clock: () => Date.parse('2026-03-01T02:00:00Z') });
    app = Fastify();
    // A generous budget: every answer waits for its replies (or carries it), so the transcript below is in order.
    await app.register(telegramPlugin, {
      telegram: createTelegramBot({ config, handler, logger: recordingLogger() }),
      sendBudgetMs: 10_000,
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await api.close();
    await redis.quit();
  });

  async function deliver(update: object) {
    const res = await deliverTelegramUpdate(app, update, { secret: SECRET, api });
    expect(res.status).toBe(200);
  }
  const say = (text: string) => deliver(U.textUpdate(++updateId, text));
  const lastMessage = () => api.sent('sendMessage').at(-1)!;
  const buttons = (): Array<{ text: string; callback_data: string }> => (lastMessage().reply_markup?.inline_keyboard ?? []).flat();
  /** Taps a button of the bot's last message, as Telegram reports it. */
  async function tap(label: string) {
    const button = buttons().find((b) => b.text === label);
    expect(button, `button ${label} in ${JSON.stringify(buttons())}`).toBeDefined();
    await deliver(U.callbackUpdate(++updateId, button!.callback_data));
  }

  it('ends with the breakdown in <pre> and buttons that keep working', async () => {
    await deliver(U.commandUpdate(++updateId, 'start'));
    await tap('上海');
    await say('我32岁，本科有学位，电工四级，在上海交了5年社保');

    // Answer whatever else the dialog asks, the way this worker would, until the breakdown arrives.
    const answers: Array<[RegExp, () => Promise<void>]> = [
      [/在这个城市工作期间考的/, () => tap('是')],
      [/对口/, () => tap('对口')],
      [/哪年哪月/, () => say('2023年6月')],
      [/几年/, () => say('8年')],
      [/加分项/, () => tap('都没有')],
      [/记录/, () => tap('没有')],
    ];
    for (let turn = 0; turn < 12 && !lastMessage().text.includes('<pre>'); turn++) {
      // A turn's notice ("记下了：…") and its next question arrive as one message, a blank line apart: read the question.
      const question = lastMessage().text.split('\n\n').at(-1)!;
      const answer = answers.find(([pattern]) => pattern.test(question));
      if (answer) await answer[1]();
      else await tap(buttons()[0]!.text); // e.g. the social-insurance base: the first, lowest tier
    }

    const result = lastMessage();
    expect(result.parse_mode).toBe('HTML');
    const pre = /<pre>([\s\S]*?)<\/pre>/.exec(result.text)![1]!.split('\n');
    const points = (label: string) =>
      pre
        .find((line) => line.startsWith(label))
        ?.trim()
        .split(/\s+/)
        .at(-1);
    // A trailing ※ marks an item whose note is listed under the table; the figure itself must be exact.
    const figure = (label: string) => points(label)?.replace(/※$/, '');
    expect(figure('年龄')).toBe('30');
    expect(figure('教育背景')).toBe('90');
    expect(figure('在本市工作及缴纳职工社保年限')).toBe('15');
    expect(result.text).toContain('135');
    expect(result.text).toContain('120');
    expect(api.sent('answerCallbackQuery').length).toBeGreaterThanOrEqual(4);

    // The keyboard under the breakdown works: tapping it is one more turn with one more answer.
    const before = api.sent('sendMessage').length;
    await tap('对比其他城市');
    expect(api.sent('sendMessage').length).toBeGreaterThan(before);
  });
});
