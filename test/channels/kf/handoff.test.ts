/**
 * A person in the loop: 转人工 hands the session over (to the queue, or to the servicer WECOM_KF_SERVICER names) and
 * tells the customer; while a person holds it, nothing the customer or the servicer writes is answered or reaches the
 * dialog; once the session ends, the bot answers again. Also the send allowance of document 94677: 5 messages within
 * 48 hours after each customer message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountKeyBase, createCustomerSessions, createKfApi, createKfMessenger, noKfMetrics } from '../../../src/channels/kf/index.js';
import { createTokenCache, createWecomApi } from '../../../src/channels/wecom/index.js';
import type { InboundMessage, TurnHandler } from '../../../src/contract/index.js';
import { startKfApiServer, type KfApiServer } from '../../support/wecom-kf-api-server.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';
import { KF_ACCOUNT, sharedCore, shown, startKfBot, turnHandlerOn, type KfBot } from './fixtures.js';
import { testConfig, VECTOR_B } from '../wecom/fixtures.js';
import Fastify from 'fastify';

describe('微信客服 hand-off and limits', () => {
  const redis = connectTestRedis();
  let api: KfApiServer;
  const texts = () => sharedCore().texts.kf;
  const seen: InboundMessage[] = [];

  /** The real runtime, watched: what reaches the dialog is recorded. */
  const startWatchedBot = async (prefix: string, servicer?: string): Promise<KfBot> => {
    const real = turnHandlerOn(redis, prefix);
    const handler: TurnHandler = { handle: (m) => (seen.push(m), real.handle(m)) };
    const bot = await startKfBot({ apiUrl: api.url, redis, prefix, handler, ...(servicer ? { servicer } : {}) });
    await redis.set(`${accountKeyBase(prefix, KF_ACCOUNT)}:cursor`, `c${api.logSize(KF_ACCOUNT)}`);
    return bot;
  };

  beforeAll(async () => {
    api = await startKfApiServer({ corpId: VECTOR_B.corpId, secret: 'test-secret' });
    api.servicers.add('zhangsan');
  });
  afterAll(async () => {
    await api.close();
    await redis.quit();
  });

  it('转人工 goes to the queue, tells the customer, and the bot stays silent until the session ends', async () => {
    const bot = await startWatchedBot(uniquePrefix('kf-queue'));
    const user = 'wmQueue';
    await bot.notifyAndSettle(api.customerSays(KF_ACCOUNT, user, '我32岁，在上海').token);
    const sent = api.sendsTo(user).length;
    expect(sent).toBeGreaterThan(0);

    await bot.notifyAndSettle(api.customerSays(KF_ACCOUNT, user, '转人工').token);
    expect(api.transCalls.at(-1)).toMatchObject({ open_kfid: KF_ACCOUNT, external_userid: user, service_state: 2 });
    expect(api.stateOf(KF_ACCOUNT, user)).toBe(2);
    // Told through the code the move returned (send_msg is refused once the session left the bot).
    expect(shown(api.eventSends.at(-1)!.body)).toBe(texts().handingOver);

    const reached = seen.length;
    await bot.notifyAndSettle(api.customerSays(KF_ACCOUNT, user, '有人吗').token);
    await bot.notifyAndSettle(api.servicerSays(KF_ACCOUNT, user, 'zhangsan', '您好，我是客服小张').token);
    await bot.notifyAndSettle(api.customerSays(KF_ACCOUNT, user, '我想问落户').token);
    expect(api.sendsTo(user).length).toBe(sent);
    expect(api.refused.filter((r) => r.touser === user)).toEqual([]);
    expect(seen.length).toBe(reached); // nothing half-finished in the dialog

    await bot.notifyAndSettle(api.endSession(KF_ACCOUNT, user).token);
    await bot.notifyAndSettle(api.customerSays(KF_ACCOUNT, user, '你好').token);
    expect(api.sendsTo(user).length).toBeGreaterThan(sent);
    await bot.close();
  });

  it('hands over to the servicer WECOM_KF_SERVICER names (service_state 3)', async () => {
    const bot = await startWatchedBot(uniquePrefix('kf-servicer'), 'zhangsan');
    const user = 'wmServicer';
    await bot.notifyAndSettle(api.customerSays(KF_ACCOUNT, user, '人工客服').token);
    expect(api.transCalls.at(-1)).toMatchObject({ external_userid: user, service_state: 3, servicer_userid: 'zhangsan' });
    expect(api.stateOf(KF_ACCOUNT, user)).toBe(3);
    await bot.notifyAndSettle(api.customerSays(KF_ACCOUNT, user, '在吗').token);
    expect(api.sendsTo(user)).toEqual([]);
    await bot.close();
  });

  it('does not answer what a servicer types, nor the customer while that servicer holds the session', async () => {
    const bot = await startWatchedBot(uniquePrefix('kf-typed'));
    const user = 'wmTyped';
    // A servicer took the conversation in the WeCom client without any hand-off by the bot.
    await bot.notifyAndSettle(api.servicerSays(KF_ACCOUNT, user, 'zhangsan', '您好，有什么可以帮您').token);
    const reached = seen.length;
    await bot.notifyAndSettle(api.customerSays(KF_ACCOUNT, user, '我想算积分').token);
    expect(api.sendsTo(user)).toEqual([]);
    expect(api.stateGets).toBeGreaterThan(0);
    expect(seen.length).toBe(reached);
    await bot.close();
  });

  it('goes silent when send_msg answers 95018 (a person took over unseen)', async () => {
    const bot = await startWatchedBot(uniquePrefix('kf-95018'));
    const user = 'wm95018';
    await bot.notifyAndSettle(api.customerSays(KF_ACCOUNT, user, '你好').token);
    // A person takes the session while the next message is on its way; the bot learns it from the refusal.
    const { token } = api.customerSays(KF_ACCOUNT, user, '上海');
    api.servicerTakesQuietly(KF_ACCOUNT, user, 'zhangsan');
    await bot.notifyAndSettle(token);
    expect(api.refused.filter((r) => r.touser === user).map((r) => r.errcode)).toEqual([95018]);
    await bot.notifyAndSettle(api.customerSays(KF_ACCOUNT, user, '我40岁').token);
    expect(api.refused.filter((r) => r.touser === user)).toHaveLength(1); // not tried again
    await bot.close();
  });

  it('sends at most 5 messages per customer message (4 for one turn) and drops the rest with a metric', async () => {
    const prefix = uniquePrefix('kf-allowance');
    const config = testConfig(api.url);
    const kfApi = createKfApi(createWecomApi({ config, tokenCache: createTokenCache({ redis, prefix }) }));
    const customers = createCustomerSessions({ redis, prefix });
    const dropped: Array<[string, number]> = [];
    const messenger = createKfMessenger({
      api: kfApi,
      customers,
      texts: texts(),
      logger: Fastify({ logger: false }).log,
      metrics: { ...noKfMetrics, dropped: (reason, count) => void dropped.push([reason, count]) },
    });
    const user = 'wmAllowance';
    const customer = { openKfid: KF_ACCOUNT, externalUserid: user };
    api.customerSays(KF_ACCOUNT, user, '你好'); // opens WeCom's allowance on the local API
    await customers.customerWrote(customer, Date.now());
    // Seven replies of 1,500 bytes each: no two fit in one 2,048-byte text.
    const replies = Array.from({ length: 7 }, (_, i) => ({ kind: 'answer' as const, text: `${i}${'积'.repeat(500)}` }));
    // One turn takes at most 4 of the 5, so a quick next message still gets an answer.
    expect(await messenger.deliver(customer, replies, 'turn-1')).toEqual({ sent: 4, dropped: 3, reason: 'allowance' });
    expect(dropped).toEqual([['allowance', 3]]);
    expect(await messenger.deliver(customer, [{ kind: 'notice', text: '还有一句' }], 'turn-2')).toEqual({ sent: 1, dropped: 0 });
    expect(api.sendsTo(user)).toHaveLength(5);
    // The allowance is used up: nothing more goes out until the customer writes again, and WeCom is not even asked.
    expect(await messenger.deliver(customer, [{ kind: 'notice', text: '再说一句' }], 'turn-3')).toMatchObject({ sent: 0, dropped: 1 });
    expect(api.refused.filter((r) => r.touser === user)).toEqual([]);
    api.customerSays(KF_ACCOUNT, user, '好的');
    await customers.customerWrote(customer, Date.now());
    expect(await messenger.deliver(customer, [{ kind: 'notice', text: '再来一句' }], 'turn-4')).toEqual({ sent: 1, dropped: 0 });
  });

  it('counts sends made after the customer wrote again against the new message, as WeCom does', async () => {
    const prefix = uniquePrefix('kf-overlap');
    const customers = createCustomerSessions({ redis, prefix });
    const customer = { openKfid: KF_ACCOUNT, externalUserid: 'wmOverlap' };
    const wroteFirst = Date.now() - 10_000;
    await customers.customerWrote(customer, wroteFirst);
    expect(await customers.reserve(customer, 4)).toBe(4); // an answer to the first message going out now…
    // …while the customer had written again 5 s ago (we learn it at the next pull): those 4 count against it.
    await customers.customerWrote(customer, wroteFirst + 5_000);
    expect(await customers.reserve(customer, 4)).toBe(1); // 5 − 4
  });
});
