/** A kf bot on real parts for the tests: the WeCom callback plugin, the real turn runtime on Redis, the kf channel. */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { buildKfChannel, kfConfigSchema, type KfChannel, type KfMetrics } from '../../../src/channels/kf/index.js';
import { createTokenCache, wecomPlugin } from '../../../src/channels/wecom/index.js';
import type { CardRenderer, TurnHandler } from '../../../src/contract/index.js';
import { loadCore, type Core } from '../../../src/app/core.js';
import { createTurnHandler } from '../../../src/runtime/turn-runtime.js';
import { RedisSessionStore } from '../../../src/store/index.js';
import { recordingSender, sealedPost, testConfig, VECTOR_B } from '../wecom/fixtures.js';

export const KF_ACCOUNT = 'wkTestAccount01';

let core: Core | undefined;
export const sharedCore = () => (core ??= loadCore());

/** The decrypted callback of document 94670 (A.2): no content, only which account has news and a Token. */
export function kfEventXml(openKfid: string, token: string, createTime = Math.floor(Date.now() / 1000)) {
  return `<xml><ToUserName><![CDATA[${VECTOR_B.corpId}]]></ToUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event><Token><![CDATA[${token}]]></Token><OpenKfId><![CDATA[${openKfid}]]></OpenKfId></xml>`;
}

/** The real turn runtime on a Redis session store. */
export function turnHandlerOn(redis: Redis, prefix: string): TurnHandler {
  return createTurnHandler({ store: new RedisSessionStore({ redis, prefix }), ...sharedCore() });
}

export interface KfBot {
  app: FastifyInstance;
  kf: KfChannel;
  handler: TurnHandler;
  /** POSTs the encrypted event to /wecom/callback and returns the status code. */
  notify(token: string, openKfid?: string): Promise<number>;
  /** Posts and waits until this process' pulls are done. */
  notifyAndSettle(token: string, openKfid?: string): Promise<number>;
  close(): Promise<void>;
}

export async function startKfBot(options: {
  apiUrl: string;
  redis: Redis;
  prefix: string;
  servicer?: string;
  metrics?: KfMetrics;
  handler?: TurnHandler;
  cards?: CardRenderer;
  /** The kf channel's logger (default: fastify's, silent). */
  logger?: FastifyBaseLogger;
}): Promise<KfBot> {
  const config = testConfig(options.apiUrl);
  const kfConfig = kfConfigSchema.parse({
    WECOM_KF_ACCOUNTS: `${KF_ACCOUNT},wkOther`,
    ...(options.servicer ? { WECOM_KF_SERVICER: options.servicer } : {}),
  });
  const c = sharedCore();
  const handler = options.handler ?? turnHandlerOn(options.redis, options.prefix);
  const app = Fastify({ logger: process.env.KF_TEST_LOG ? { level: 'debug' } : false });
  const kf = buildKfChannel({
    wecom: config,
    kf: kfConfig,
    redis: options.redis,
    prefix: options.prefix,
    tokenCache: createTokenCache({ redis: options.redis, prefix: options.prefix }),
    handler,
    texts: c.texts.kf,
    logger: options.logger ?? app.log,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.cards ? { cards: options.cards } : {}),
  });
  await app.register(wecomPlugin, { config, handler, sender: recordingSender(), kf });
  await app.ready();
  const notify = async (token: string, openKfid = KF_ACCOUNT) => {
    const { url, body } = sealedPost(kfEventXml(openKfid, token));
    const res = await app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'text/xml' } });
    return res.statusCode;
  };
  return {
    app,
    kf,
    handler,
    notify,
    async notifyAndSettle(token, openKfid) {
      const status = await notify(token, openKfid);
      await kf.idle();
      return status;
    },
    async close() {
      await kf.idle();
      await app.close();
    },
  };
}

/** What a customer sees of a send: the text, or the menu's head and items. */
export function shown(body: any): string {
  if (body.msgtype === 'text') return body.text.content;
  if (body.msgtype === 'image') return `[图片 ${body.image.media_id}]`;
  return [body.msgmenu.head_content, ...body.msgmenu.list.map((i: any) => `[${i.click.content}]`)].join('\n');
}
