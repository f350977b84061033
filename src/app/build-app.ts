/**
 * Composition: builds every part of the bot from the configuration and wires them into one fastify server.
 *
 *   channel → inFlight → instrumented (metrics) → coreBound (current core) → createTurnHandler
 *
 * The per-user rate limit is counted inside the turn's one store commit (createTurnHandler's `rateLimit`).
 *
 * `start()` listens (and starts polling and the reminder worker); `stop()` undoes it in the order that loses nothing.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { RunnerHandle } from '@grammyjs/runner';
import type { ChannelSender, TurnHandler } from '../contract/index.js';
import { createTelegramBot, createTelegramSender, startPolling, telegramPlugin, type TelegramBot } from '../channels/telegram/index.js';
import { createTokenCache, createWecomSender, wecomPlugin } from '../channels/wecom/index.js';
import { buildKfChannel, kfMetricsOf, type BuiltKfChannel } from '../channels/kf/index.js';
import { createReminderPort, createTurnHandler } from '../runtime/index.js';
import {
  connectBullmqCluster,
  connectBullmqRedis,
  connectSessionRedis,
  createSessionStore,
  type SessionStore,
  sessionTtlSeconds,
} from '../store/index.js';
import { createMetrics, instrumented, redisPingCheck, type BotMetrics, type ReadinessCheck } from '../observability/index.js';
import { rateLimitPolicy } from '../ratelimit/index.js';
import type { ReminderService } from '../reminders/index.js';
import { createServer } from '../server.js';
import { OutboxSweeper } from '../outbox/index.js';
import { cardRendererFrom } from './cards.js';
import type { AppConfig } from './config.js';
import { type Core, CoreHolder, coreBoundHandler, loadCore, type ReloadResult } from './core.js';
import { trackInFlight, type InFlightTurns } from './in-flight.js';
import { createReminderService } from './reminders.js';

export interface StartupSummary {
  channels: string[];
  store: 'redis' | 'redis-cluster' | 'embedded';
  remindersDurable: boolean;
}

export interface BotApp {
  readonly server: FastifyInstance;
  readonly metrics: BotMetrics;
  readonly holder: CoreHolder;
  readonly summary: StartupSummary;
  /** The outermost turn handler (what the channels call). */
  readonly handler: TurnHandler;
  readonly inFlight: InFlightTurns;
  /** Listens on HOST:PORT; returns the address. */
  start(): Promise<string>;
  /** Re-reads rules, dialogs and FAQ; a failing file is refused and the old core keeps serving. */
  reload(): ReloadResult;
  /** Stops taking requests, finishes turns in flight (at most `drainMs`), stops the worker, closes Redis. */
  stop(drainMs?: number): Promise<void>;
}

export interface BuildAppOptions {
  logger: Logger;
  /**
   * Replaces the dialog runtime (`createTurnHandler`) under the app's own wrappers: benchmarks use it to measure the
   * HTTP and channel path alone (bench/webhook/servers/adapter.ts). Production never sets it.
   */
  turnHandler?: (core: Core) => TurnHandler;
}

/**
 * @example
 * const app = await buildApp(loadAppConfig(), { logger: createLogger('info') });
 * await app.start();
 */
export async function buildApp(config: AppConfig, options: BuildAppOptions): Promise<BotApp> {
  const { base, paths } = config;
  const logger = options.logger;
  const metrics = createMetrics();

  const redisErrorLogged = new Set<string>();
  const onRedisError = (source: string) => (err: Error) => {
    metrics.redisErrors.inc({ source });
    // A down Redis reports every reconnect attempt, on each client (app and reminders): one log line per kind of
    // failure is enough; the metric still counts every error per source.
    const kind = (err as NodeJS.ErrnoException).code ?? err.message;
    if (!redisErrorLogged.has(kind)) {
      redisErrorLogged.add(kind);
      logger.warn({ source, code: (err as NodeJS.ErrnoException).code, message: err.message }, 'redis connection error');
    }
  };
  // One client for the store (sessions, dedupe, rate limit), token cache, WeCom throttle and readiness; reminders get their own (BullMQ
  // needs one that never fails a request by retry count). Config refuses REDIS_URL and REDIS_CLUSTER_NODES together.
  const clusterNodes = base.REDIS_CLUSTER_NODES;
  const redis = connectSessionRedis({ redisUrl: base.REDIS_URL, redisClusterNodes: clusterNodes, onConnectionError: onRedisError('app') });
  redis?.on('ready', () => redisErrorLogged.clear());
  const outbox = {
    leaseMs: Math.round(base.OUTBOX_LEASE_SECONDS * 1000),
    horizonSeconds: Math.max(1, Math.round(base.OUTBOX_HORIZON_HOURS * 3600)),
  };
  const store: SessionStore = createSessionStore({
    ...(redis ? { redis } : {}),
    prefix: base.REDIS_PREFIX,
    ttlSeconds: sessionTtlSeconds(base.SESSION_TTL_DAYS),
    outbox,
  });

  const holder = new CoreHolder(() =>
    loadCore(paths, { onFaqAnswer: (answer) => metrics.faq.inc({ result: answer.kind === 'answer' ? 'hit' : 'miss' }) }),
  );
  // Channel and reminder texts are read at start-up, from the same DIALOGS_DIR as the rest of the core.
  const texts = holder.current.texts;
  const reminders: ReminderService = createReminderService({
    ...(clusterNodes
      ? { connection: connectBullmqCluster(clusterNodes, onRedisError('reminders')) }
      : base.REDIS_URL
        ? { connection: connectBullmqRedis(base.REDIS_URL, onRedisError('reminders')) }
        : {}),
    queuePrefix: base.REMINDER_QUEUE_PREFIX,
    keyPrefix: base.REDIS_PREFIX,
    texts: texts.reminders,
    logger: logger.child({ part: 'reminders' }),
    metrics,
  });

  const reminderPort = createReminderPort({
    service: reminders,
    timezone: base.TIMEZONE,
    texts: texts.reminders,
    onError: (err, operation) => logger.warn({ operation, message: err.message }, 'reminder storage failed'),
  });
  const core = coreBoundHandler(
    holder,
    options.turnHandler ??
      ((c) =>
        createTurnHandler({
          store,
          rules: c.rules,
          spec: c.spec,
          understand: c.understand,
          faq: c.faq,
          reminders: reminderPort,
          timezone: base.TIMEZONE,
          rateLimit: rateLimitPolicy(base.RATE_LIMIT_MAX, base.RATE_LIMIT_WINDOW_SECONDS, c.texts.ops.slowDown),
        })),
  );
  const inFlight = trackInFlight(instrumented(core, metrics));
  const handler = inFlight.handler;

  const readiness: ReadinessCheck[] = [
    {
      name: 'rules',
      async check() {
        if (holder.current.rules.cities.length === 0) throw new Error('no city rules loaded');
      },
    },
  ];
  if (redis) readiness.unshift(redisPingCheck(redis));
  const server = createServer({ logger, metrics, readiness });

  // One renderer (and picture cache) for every channel; the same result on two channels is drawn once.
  const cards = cardRendererFrom(base, (message) => logger.warn({}, message));
  const senders: ChannelSender[] = [];
  let telegram: TelegramBot | undefined;
  let kf: BuiltKfChannel | undefined;
  if (config.telegram) {
    telegram = createTelegramBot({
      config: config.telegram,
      handler,
      texts: texts.telegram,
      logger: logger.child({ channel: 'telegram' }),
      ...(cards ? { cards } : {}),
    });
    if (config.telegram.TELEGRAM_MODE === 'webhook') await server.register(telegramPlugin, { telegram });
    senders.push(
      createTelegramSender({
        bot: telegram.bot,
        texts: texts.telegram,
        logger: logger.child({ channel: 'telegram', part: 'sender' }),
        ...(cards ? { cards } : {}),
      }),
    );
  }
  if (config.wecom) {
    const tokenCache = createTokenCache({ ...(redis ? { redis } : {}), prefix: base.REDIS_PREFIX });
    const sender = createWecomSender({
      config: config.wecom,
      tokenCache,
      texts: texts.wecom,
      ...(redis ? { redis } : {}),
      prefix: base.REDIS_PREFIX,
      logger: logger.child({ channel: 'wecom', part: 'sender' }),
      ...(cards ? { cards } : {}),
    });
    if (config.kf && redis) {
      kf = buildKfChannel({
        wecom: config.wecom,
        kf: config.kf,
        redis,
        prefix: base.REDIS_PREFIX,
        tokenCache,
        handler,
        texts: texts.kf,
        logger: server.log.child({ channel: 'kf' }),
        metrics: kfMetricsOf(metrics),
        ...(cards ? { cards } : {}),
      });
    }
    await server.register(wecomPlugin, {
      config: config.wecom,
      handler,
      sender,
      logger: server.log.child({ channel: 'wecom' }),
      ...(kf ? { kf } : {}),
    });
    senders.push(sender);
  }

  const sweepMs = Math.round(base.OUTBOX_SWEEP_SECONDS * 1000);
  const sweeper = new OutboxSweeper({
    outbox: store.outbox,
    // kf only here: a reminder months later falls outside kf's 48-hour reply window (reminders/types.ts).
    senders: kf ? [...senders, kf.outboxSender] : senders,
    logger: logger.child({ part: 'outbox' }),
    intervalMs: sweepMs,
    minAgeMs: outbox.leaseMs,
    // A process killed mid-sweep holds the others off for the lock's life: keep it near the interval. Safe, since each
    // entry is leased on its own (two sweepers never send one turn); the lock only saves double work.
    lockMs: Math.min(10_000, Math.max(1_000, 2 * sweepMs)),
  });

  const summary: StartupSummary = {
    channels: [
      ...(config.telegram ? [`telegram (${config.telegram.TELEGRAM_MODE})`] : []),
      ...(config.wecom ? ['wecom'] : []),
      ...(kf ? ['kf'] : []),
    ],
    store: clusterNodes ? 'redis-cluster' : redis ? 'redis' : 'embedded',
    remindersDurable: reminders.durable,
  };

  let polling: RunnerHandle | undefined;
  let stopping: Promise<void> | undefined;

  return {
    server,
    metrics,
    holder,
    summary,
    handler,
    inFlight,
    async start() {
      const address = await server.listen({ port: base.PORT, host: base.HOST });
      await reminders.start(senders);
      sweeper.start();
      if (telegram && config.telegram?.TELEGRAM_MODE === 'polling') polling = await startPolling(telegram);
      return address;
    },
    reload() {
      const result = holder.reload();
      if (result.ok) logger.info({ version: result.version, paths }, 'rules, dialogs and FAQ reloaded');
      else logger.error({ problem: result.error }, 'reload refused: the files failed validation; the previous version keeps serving');
      return result;
    },
    stop(drainMs = 5000) {
      stopping ??= (async () => {
        // 1. No new work: the HTTP server refuses new requests and waits for those in flight (their turns included).
        await server.close();
        logger.debug({}, 'shutdown: http server closed');
        // 2. Polling: stop fetching; the runner lets running middleware finish.
        if (polling?.isRunning()) await polling.stop();
        // Pulls of 微信客服 news run after their callbacks were answered: let them finish.
        if (kf) await kf.idle();
        // 3. Anything else still inside a turn.
        const left = await inFlight.drain(drainMs);
        if (left > 0) logger.warn({ left }, 'shutdown: turns still running after the drain time');
        await sweeper.stop();
        await reminders.close();
        logger.debug({}, 'shutdown: reminder worker closed');
        await store.close();
        if (redis) {
          try {
            await redis.quit();
          } catch {
            redis.disconnect();
          }
        }
      })();
      return stopping;
    },
  };
}
