/**
 * Prometheus metrics (prom-client), one registry per app so tests and several apps in one process never collide.
 * Turn metrics come from a TurnHandler decorator (`instrumented`), not from inside the runtime.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ChannelId, InboundMessage, TurnHandler, TurnResult } from '../contract/index.js';

export interface BotMetrics {
  readonly registry: Registry;
  /** outcome: applied | duplicate | rate_limited | error */
  readonly turns: Counter<'channel' | 'outcome'>;
  readonly turnSeconds: Histogram<'channel'>;
  /** result: hit | miss (unsure or out of scope) */
  readonly faq: Counter<'result'>;
  /** event: scheduled | sent | failed */
  readonly reminders: Counter<'event'>;
  readonly redisErrors: Counter<'source'>;
  /** 微信客服: events and steps (enter_session, session_status_change, msg_send_fail, welcome, handoff…). */
  readonly kfEvents: Counter<'event' | 'detail'>;
  /** 微信客服 replies not sent, by reason (allowance, window_closed, session_ended, human, failed…). */
  readonly kfDropped: Counter<'reason'>;
  readonly kfPulls: Counter;
  readonly kfPulledItems: Counter;
}

/** @example const metrics = createMetrics(); app.get('/metrics', async () => metrics.registry.metrics()); */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): BotMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    turns: new Counter({
      name: 'jifen_turns_total',
      help: 'Inbound messages handled, by channel and outcome',
      labelNames: ['channel', 'outcome'] as const,
      registers,
    }),
    turnSeconds: new Histogram({
      name: 'jifen_turn_duration_seconds',
      help: 'Time to handle one inbound message (commit and effects, not the sends)',
      labelNames: ['channel'] as const,
      // Turns are one Redis round trip plus pure work: most are a few ms; the tail shows Redis trouble.
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    faq: new Counter({
      name: 'jifen_faq_answers_total',
      help: 'FAQ questions, by whether an entry matched (hit) or not (miss: unsure or out of scope)',
      labelNames: ['result'] as const,
      registers,
    }),
    reminders: new Counter({
      name: 'jifen_reminders_total',
      help: 'Reminders scheduled, sent and failed for good',
      labelNames: ['event'] as const,
      registers,
    }),
    kfEvents: new Counter({
      name: 'jifen_kf_events_total',
      help: '微信客服 events and steps, by event and detail (change_type, fail_type, target state)',
      labelNames: ['event', 'detail'] as const,
      registers,
    }),
    kfDropped: new Counter({
      name: 'jifen_kf_dropped_messages_total',
      help: '微信客服 messages not sent, by reason',
      labelNames: ['reason'] as const,
      registers,
    }),
    kfPulls: new Counter({ name: 'jifen_kf_pulls_total', help: '微信客服 sync_msg pages read', registers }),
    kfPulledItems: new Counter({ name: 'jifen_kf_pulled_items_total', help: '微信客服 items read by sync_msg', registers }),
    redisErrors: new Counter({
      name: 'jifen_redis_errors_total',
      help: 'Redis connection errors, by client',
      labelNames: ['source'] as const,
      registers,
    }),
  };
}

/**
 * Counts every turn by channel and outcome and times it; a thrown error (store down) counts as outcome "error".
 * One `.then` on the inner promise, no async function around it: this wraps every turn.
 *
 * @example const handler = instrumented(createTurnHandler(...), metrics);
 */
export function instrumented(handler: TurnHandler, metrics: BotMetrics): TurnHandler {
  return {
    handle(message: InboundMessage): Promise<TurnResult> {
      const channel: ChannelId = message.channel;
      const started = performance.now();
      let turn: Promise<TurnResult>;
      try {
        turn = handler.handle(message);
      } catch (err) {
        turn = Promise.reject(err);
      }
      return turn.then(
        (result) => {
          metrics.turns.inc({ channel, outcome: result.status });
          metrics.turnSeconds.observe({ channel }, (performance.now() - started) / 1000);
          return result;
        },
        (err: unknown) => {
          metrics.turns.inc({ channel, outcome: 'error' });
          metrics.turnSeconds.observe({ channel }, (performance.now() - started) / 1000);
          throw err;
        },
      );
    },
  };
}
