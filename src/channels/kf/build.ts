/** Assembles the kf channel from the configuration: what src/app and the benchmark use. */
import type { FastifyBaseLogger } from 'fastify';
import type { Cluster, Redis } from 'ioredis';
import type { CardRenderer, TurnHandler } from '../../contract/index.js';
import { createWecomApi } from '../wecom/api-client.js';
import { createCardImages } from '../wecom/card-image.js';
import type { WecomConfig } from '../wecom/config.js';
import type { TokenCache } from '../wecom/token-cache.js';
import { createAccountState } from './account-state.js';
import type { KfConfig } from './config.js';
import { createCustomerSessions } from './customer-session.js';
import { createKfApi } from './kf-api.js';
import { createKfChannel, type KfChannel } from './kf-channel.js';
import { createKfMessenger } from './messenger.js';
import { createKfOutboxSender, type KfOutboxSender } from './sender.js';
import { type KfMetrics, noKfMetrics } from './metrics.js';
import { loadKfTexts, type KfTexts } from './texts.js';

export interface KfSetup {
  wecom: WecomConfig;
  kf: KfConfig;
  redis: Redis | Cluster;
  prefix: string;
  /** The WeCom app's token cache: kf calls use the app's access token (document 94677 permission notes). */
  tokenCache: TokenCache;
  handler: TurnHandler;
  logger: FastifyBaseLogger;
  texts?: KfTexts;
  metrics?: KfMetrics;
  /** Draws result cards, sent as images after the text; without it the text only. */
  cards?: CardRenderer;
  fetch?: typeof fetch;
}

/** The channel, and the sender the outbox sweeper delivers its leftovers with (same messenger, same allowance). */
export interface BuiltKfChannel extends KfChannel {
  readonly outboxSender: KfOutboxSender;
}

/**
 * @example
 * const kf = buildKfChannel({ wecom, kf, redis, prefix: 'jf:', tokenCache, handler, logger });
 * await fastify.register(wecomPlugin, { config: wecom, handler, sender, kf });
 */
export function buildKfChannel(setup: KfSetup): BuiltKfChannel {
  const { redis, prefix, logger } = setup;
  const texts = setup.texts ?? loadKfTexts();
  const metrics = setup.metrics ?? noKfMetrics;
  const wecomApi = createWecomApi({ config: setup.wecom, tokenCache: setup.tokenCache, ...(setup.fetch ? { fetch: setup.fetch } : {}) });
  const api = createKfApi(wecomApi);
  const customers = createCustomerSessions({ redis, prefix });
  // kf media are uploaded through the app's media/upload with the app's token (the kf API has no upload of its own).
  const images = setup.cards
    ? createCardImages({ api: wecomApi, renderer: setup.cards, redis, prefix, corpId: setup.wecom.WECOM_CORP_ID })
    : undefined;
  const messenger = createKfMessenger({ api, customers, texts, logger, metrics, ...(images ? { images } : {}) });
  const channel = createKfChannel({
    accounts: setup.kf.WECOM_KF_ACCOUNTS,
    ...(setup.kf.WECOM_KF_SERVICER ? { servicer: setup.kf.WECOM_KF_SERVICER } : {}),
    api,
    state: createAccountState({ redis, prefix }),
    customers,
    messenger,
    handler: setup.handler,
    texts,
    logger,
    metrics,
  });
  return { notify: channel.notify, idle: channel.idle, outboxSender: createKfOutboxSender(messenger) };
}
