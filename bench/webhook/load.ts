/**
 * One load phase against one server: autocannon POSTs the scheduler's updates to /telegram/webhook (with the secret
 * header) for a warm-up, then again for the measured window. Only the measured window is reported.
 */
import autocannon from 'autocannon';
import type { TurnScheduler } from './turn-scheduler.js';

export interface LoadOptions {
  port: number;
  secret: string;
  scheduler: TurnScheduler;
  connections: number;
  warmSeconds: number;
  measureSeconds: number;
  /** Fixed offered load (requests per second over all connections); unset = as fast as the server answers. */
  overallRate?: number;
}

export interface LoadFigures {
  /** Answered requests (turns) per second in the measured window, 2xx only. */
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  connections: number;
  offeredRate?: number;
}

async function phase(options: LoadOptions, seconds: number) {
  const { scheduler } = options;
  return autocannon({
    url: `http://127.0.0.1:${options.port}`,
    connections: options.connections,
    duration: seconds,
    timeout: 10,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        method: 'POST',
        path: '/telegram/webhook',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': options.secret },
        setupRequest(request, context) {
          const { user, body } = scheduler.take();
          context.user = user;
          return { ...request, body };
        },
        // autocannon 9 always collects the response body (lib/pipelinedRequestsQueue.js addBody) and passes it here.
        onResponse(status, body, context) {
          scheduler.answered(context.user, status, body);
        },
      },
    ],
  });
}

export async function measureLoad(options: LoadOptions): Promise<LoadFigures> {
  if (options.warmSeconds > 0) await phase(options, options.warmSeconds);
  const r = await phase(options, options.measureSeconds);
  const ok = r['2xx'];
  return {
    turnsPerSecond: Math.round(ok / r.duration),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    connections: options.connections,
    ...(options.overallRate ? { offeredRate: options.overallRate } : {}),
  };
}
