/**
 * The result card on 微信客服: after the text result, the PNG is uploaded (media/upload with the app's token, document
 * 90253) and sent with kf/send_msg msgtype image — inside the turn's share of the 5-messages allowance (document
 * 94677): the picture takes a message the text leaves over, never the text's. A refused upload or a card that cannot
 * be drawn still leaves the customer the text, and a line in the log.
 * Golden values of the intake's result: docs/policy/sources-notes.md §1 (沪府发〔2017〕98号): age ≤ 43 → 30;
 * 本科 + 学士学位 → 90; 3 points per insured year → 5 years = 15; 30 + 90 + 15 = 135 against the pass mark of 120.
 */
import pino from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardRenderer, Reply, TurnHandler } from '../../../src/contract/index.js';
import { readPng } from '../../support/png.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';
import { startKfApiServer, type KfApiServer } from '../../support/wecom-kf-api-server.js';
import { brokenCardRenderer, realCardRenderer, resultWithCard } from '../result-card-fixture.js';
import { VECTOR_B } from '../wecom/fixtures.js';
import { KF_ACCOUNT, shown, startKfBot, type KfBot } from './fixtures.js';

const renderer = realCardRenderer();

/** A pino logger whose warnings the test can read. */
function recordingLogger() {
  const lines: Array<{ level: number; msg: string; [field: string]: unknown }> = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const standIn = (replies: () => Reply[]): TurnHandler => ({ handle: async () => ({ status: 'applied', replies: replies() }) });

describe('微信客服 result card', () => {
  const redis = connectTestRedis();
  let api: KfApiServer;
  let bot: KfBot | undefined;
  let prefix: string;
  beforeEach(async () => {
    api = await startKfApiServer({ corpId: VECTOR_B.corpId, secret: 'test-secret' });
    prefix = uniquePrefix('kf-card');
  });
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
    await api.close();
  });
  afterAll(() => redis.quit());

  async function start(cards: CardRenderer, handler?: TurnHandler) {
    const log = recordingLogger();
    bot = await startKfBot({ apiUrl: api.url, redis, prefix, cards, logger: log.logger, ...(handler ? { handler } : {}) });
    return log;
  }
  const say = async (user: string, text: string, menuId?: string) => {
    const before = api.sendsTo(user).length;
    expect(await bot!.notifyAndSettle(api.customerSays(KF_ACCOUNT, user, text, menuId).token)).toBe(200);
    return api.sendsTo(user).slice(before);
  };

  it('a customer who reaches the Shanghai result gets the text, then the card as a PNG image ≥ 800 px', async () => {
    await start(renderer);
    const user = 'wmCardUser';
    await say(user, '你好');
    await say(user, '上海');
    let last = await say(user, '我32岁 本科有学位 电工四级 在上海交了5年社保');
    for (let turn = 0; turn < 15 && !last.some((s) => shown(s.body).includes('合计')); turn++) {
      const menu = last.at(-1)!.body;
      last =
        menu.msgtype === 'msgmenu'
          ? await say(user, menu.msgmenu.list[0].click.content, menu.msgmenu.list[0].click.id)
          : await say(user, '1');
    }
    const text = last
      .filter((s) => s.body.msgtype !== 'image')
      .map((s) => shown(s.body))
      .join('\n');
    expect(text).toMatch(/135[^\n]*120/);
    // The picture comes last, after every text of the result, and within the turn's four messages.
    expect(last.at(-1)!.body.msgtype).toBe('image');
    expect(last.filter((s) => s.body.msgtype === 'image')).toHaveLength(1);
    expect(last.length).toBeLessThanOrEqual(4);
    expect(api.uploads).toHaveLength(1);
    const upload = api.uploads[0]!;
    expect(last.at(-1)!.body.image.media_id).toBe(upload.mediaId);
    expect(upload.at).toBeGreaterThanOrEqual(last.at(-2)!.at);
    expect(upload.file.filename).toMatch(/\.png$/);
    expect(readPng(upload.file.data).width).toBeGreaterThanOrEqual(800);
  });

  it("a text that needs all four of the turn's messages leaves no room: no picture, nothing over the allowance", async () => {
    // Four paragraphs of ~1,900 bytes: each its own 2,048-byte text message.
    const long = [1, 2, 3, 4].map((n) => `第${n}段：${'积分明细说明'.repeat(105)}`).join('\n\n');
    await start(
      renderer,
      standIn(() => [{ ...resultWithCard()[0]!, text: long }]),
    );
    const sent = await say('wmLong', '看结果');
    expect(sent.map((s) => s.body.msgtype)).toEqual(['text', 'text', 'text', 'text']);
    expect(api.uploads).toHaveLength(0);
    expect(api.refused).toHaveLength(0);
  });

  it('a refused upload leaves the text delivered and a warning in the log', async () => {
    const log = await start(
      renderer,
      standIn(() => resultWithCard()),
    );
    api.failUploads.push(40006);
    const sent = await say('wmRefused', '看结果');
    expect(sent.map((s) => shown(s.body))).toEqual([expect.stringContaining('合计 135 分')]);
    expect(api.uploads).toHaveLength(0);
    const warning = log.lines.find((l) => l.msg.includes('card not sent'));
    expect(warning, JSON.stringify(log.lines)).toBeDefined();
    expect(String(warning!.err)).toContain('40006');
  });

  it('a card that cannot be drawn leaves the text delivered, nothing uploaded, and a warning in the log', async () => {
    const log = await start(
      brokenCardRenderer,
      standIn(() => resultWithCard()),
    );
    const sent = await say('wmBroken', '看结果');
    expect(sent.map((s) => s.body.msgtype)).toEqual(['text']);
    expect(api.uploads).toHaveLength(0);
    expect(log.lines.some((l) => l.msg.includes('card not sent') && String(l.err).includes('card font unreadable'))).toBe(true);
  });
});
