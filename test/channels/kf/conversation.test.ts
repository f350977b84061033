/**
 * 微信客服 end to end: encrypted kf callbacks POSTed to /wecom/callback → sync_msg pulls from the local kf API → the real
 * turn runtime on Redis → send_msg / send_msg_on_event. Golden values of the breakdown: docs/policy/sources-notes.md §1
 * (沪府发〔2017〕98号): age ≤ 43 → 30; 本科 + 学士学位 → 90; 3 points per insured year → 5 years = 15; pass mark 120.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKfApiServer, type KfApiServer } from '../../support/wecom-kf-api-server.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';
import { sharedCore, KF_ACCOUNT, shown, startKfBot, type KfBot } from './fixtures.js';
import { VECTOR_B } from '../wecom/fixtures.js';

describe('微信客服 conversation', () => {
  const redis = connectTestRedis();
  const prefix = uniquePrefix('kf-conv');
  let api: KfApiServer;
  let bot: KfBot;

  beforeAll(async () => {
    api = await startKfApiServer({ corpId: VECTOR_B.corpId, secret: 'test-secret' });
    bot = await startKfBot({ apiUrl: api.url, redis, prefix });
  });
  afterAll(async () => {
    await bot.close();
    await api.close();
    await redis.quit();
  });

  it('welcomes a customer who opens the chat, through send_msg_on_event with the welcome code', async () => {
    const { token, welcomeCode } = api.enterSession(KF_ACCOUNT, 'wmWelcome');
    expect(await bot.notifyAndSettle(token)).toBe(200);
    expect(api.eventSends).toHaveLength(1);
    expect(api.eventSends[0]!.code).toBe(welcomeCode);
    // The dialog's own welcome (dialogs/messages.yaml `welcome`), within the code's one message.
    expect(shown(api.eventSends[0]!.body)).toContain(sharedCore().spec.messages.welcome!.slice(0, 10));
    expect(api.sends).toHaveLength(0);
  });

  it('takes a whole intake, with a choice clicked from a menu, to the Shanghai breakdown', async () => {
    const user = 'wmIntake';
    const say = async (text: string, menuId?: string) => {
      const before = api.sendsTo(user).length;
      expect(await bot.notifyAndSettle(api.customerSays(KF_ACCOUNT, user, text, menuId).token)).toBe(200);
      const mine = api.sendsTo(user).slice(before);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.length).toBeLessThanOrEqual(5);
      return mine;
    };
    await say('你好');
    await say('上海');
    let last = await say('我32岁，本科有学位，电工四级，在上海交了5年社保');
    let clicks = 0;
    for (let turn = 0; turn < 15 && !last.some((s) => shown(s.body).includes('合计')); turn++) {
      const menu = last.at(-1)!.body;
      if (menu.msgtype === 'msgmenu') {
        const first = menu.msgmenu.list[0].click;
        clicks += 1;
        last = await say(first.content, first.id); // a click comes back as text with menu_id
      } else {
        last = await say('1');
      }
    }
    expect(clicks).toBeGreaterThan(0);
    const result = last.map((s) => shown(s.body)).join('\n');
    expect(result).toMatch(/^年龄：30※?$/m);
    expect(result).toMatch(/^教育背景：90※?$/m);
    expect(result).toMatch(/^在本市工作及缴纳职工社保年限：15※?$/m);
    // 30 + 90 + 15 = 135 against the pass mark of 120.
    expect(result).toMatch(/135[^\n]*120/);
    for (const send of api.sendsTo(user)) {
      expect(send.openKfid).toBe(KF_ACCOUNT);
      if (send.body.msgtype === 'text') expect(Buffer.byteLength(send.body.text.content, 'utf8')).toBeLessThanOrEqual(2048);
      else expect(send.body.msgmenu.list.length).toBeLessThanOrEqual(10);
    }
  });

  it('answers an image with a friendly request for text', async () => {
    await bot.notifyAndSettle(api.customerSendsImage(KF_ACCOUNT, 'wmImage').token);
    expect(api.sendsTo('wmImage').map((s) => shown(s.body))).toEqual([sharedCore().texts.kf.onlyText]);
  });

  it('ignores news of a kf account the bot does not answer', async () => {
    const calls = api.syncCalls.length;
    expect(await bot.notifyAndSettle(api.customerSays('wkSomeoneElse', 'wmX', '你好').token, 'wkSomeoneElse')).toBe(200);
    expect(api.syncCalls.length).toBe(calls);
  });
});
