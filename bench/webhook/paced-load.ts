/**
 * Open-loop, constant-rate load, like wrk2's constant-throughput mode: request i is due at t0 + i / rate whatever
 * the server does, and its latency runs from that intended time to the end of the response (coordinated omission
 * corrected: a stalled server cannot hide its stall by holding back the requests that would have waited). The
 * service time (request handed to a socket → end of response) is reported separately, as is the generator's own
 * lateness, so a slow generator shows up as lag instead of being blamed on the server.
 *
 * Why not autocannon's `overallRate`: it is bursty (see docs/benchmarks.md, "Fixed-rate phase").
 *
 * Pacing: one timer loop that, each time it wakes, sends every request whose intended time has passed (it catches
 * up instead of drifting). Node timers have 1 ms granularity, so sends are up to ~1 ms late on an idle loop; a
 * busy-spin would be exact but would take a CPU from the server on this 2-core machine.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { LoadFigures } from './load.js';
import type { TurnScheduler } from './turn-scheduler.js';

export interface PacedLoadOptions {
  port: number;
  secret: string;
  scheduler: TurnScheduler;
  /** Most keep-alive sockets open at once (40 = Telegram's default max_connections); more requests wait for one. */
  connections: number;
  /** Offered requests per second. */
  rate: number;
  warmSeconds: number;
  measureSeconds: number;
  /** A request without a complete response after this long counts as a timeout. */
  timeoutMs?: number;
}

export interface Percentiles {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export interface PacedFigures extends LoadFigures, Percentiles {
  offeredRate: number;
  /** 2xx answers per second over the measured window (longer if the last answers came after it). */
  achievedRate: number;
  /** Request handed to a socket → end of response: the server's time, without the generator's queueing. */
  service: Percentiles;
  /** Intended time → request handed to a socket: timer granularity, the generator's event loop, all sockets busy, no user ready. */
  sendLag: Percentiles;
  /** Sends that found no user ready (every pool user waiting for an answer) and waited for one. Should be 0. */
  delayedForReadyUser: number;
  /** Most requests in flight at once. */
  maxInFlight: number;
  /** CPU the generator's own process used during the measured window, % of one core (a busy generator lags). */
  generatorCpuPercent: number;
}

interface PhaseResult {
  latency: Float64Array;
  service: Float64Array;
  sendLag: Float64Array;
  samples: number;
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  delayedForReadyUser: number;
  maxInFlight: number;
  elapsedMs: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Nearest-rank percentiles of the first `count` values (sorted in place). */
export function percentiles(values: Float64Array, count: number): Percentiles {
  const sorted = values.subarray(0, count).sort();
  const at = (q: number) => (count === 0 ? 0 : round2(sorted[Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1))]!));
  return { p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99), p999Ms: at(0.999), maxMs: count === 0 ? 0 : round2(sorted[count - 1]!) };
}

function runPhase(options: PacedLoadOptions, agent: Agent, seconds: number): Promise<PhaseResult> {
  const { scheduler, rate } = options;
  const total = Math.max(1, Math.round(rate * seconds));
  const intervalMs = 1000 / rate;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const r: PhaseResult = {
    latency: new Float64Array(total),
    service: new Float64Array(total),
    sendLag: new Float64Array(total),
    samples: 0,
    sent: 0,
    ok: 0,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    delayedForReadyUser: 0,
    maxInFlight: 0,
    elapsedMs: 0,
  };
  const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': options.secret };
  /** Intended times of sends waiting for a ready user, oldest first. */
  const waiting: number[] = [];
  let due = 0;
  let inFlight = 0;
  let lastEnd = 0;
  const t0 = performance.now() + 1;

  return new Promise((resolve) => {
    const maybeDone = () => {
      if (due < total || waiting.length > 0 || inFlight > 0) return;
      r.elapsedMs = Math.max(seconds * 1000, lastEnd - t0);
      resolve(r);
    };

    const send = (intended: number) => {
      const { user, body } = scheduler.take();
      r.sent++;
      inFlight++;
      if (inFlight > r.maxInFlight) r.maxInFlight = inFlight;
      let sentAt = Number.NaN;
      let finished = false;
      const finish = (status: number | 'error' | 'timeout', responseBody: string) => {
        if (finished) return;
        finished = true;
        const end = performance.now();
        lastEnd = Math.max(lastEnd, end);
        inFlight--;
        if (typeof status === 'number') {
          scheduler.answered(user, status, responseBody);
          if (status >= 200 && status < 300) r.ok++;
          else r.non2xx++;
          const start = Number.isNaN(sentAt) ? intended : sentAt;
          r.latency[r.samples] = end - intended;
          r.service[r.samples] = end - start;
          r.sendLag[r.samples] = start - intended;
          r.samples++;
        } else {
          // No answer: like a Telegram redelivery, the same update goes back to the user's queue.
          scheduler.answered(user, 599);
          if (status === 'timeout') r.timeouts++;
          else r.errors++;
        }
        while (waiting.length > 0 && scheduler.readyCount > 0) send(waiting.shift()!);
        maybeDone();
      };
      const req = request(
        {
          agent,
          host: '127.0.0.1',
          port: options.port,
          method: 'POST',
          path: '/telegram/webhook',
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => finish(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
          res.on('error', () => finish('error', ''));
        },
      );
      req.on('socket', () => {
        sentAt = performance.now();
      });
      req.setTimeout(timeoutMs, () => {
        finish('timeout', '');
        req.destroy();
      });
      req.on('error', () => finish('error', ''));
      req.end(body);
    };

    const tick = () => {
      const now = performance.now();
      while (due < total && t0 + due * intervalMs <= now) {
        const intended = t0 + due * intervalMs;
        due++;
        if (waiting.length === 0 && scheduler.readyCount > 0) send(intended);
        else {
          waiting.push(intended);
          r.delayedForReadyUser++;
        }
      }
      if (due < total) setTimeout(tick, Math.max(1, t0 + due * intervalMs - performance.now()));
      else maybeDone();
    };
    setTimeout(tick, 1);
  });
}

/** A warm-up at the same rate, then the measured window; only the measured window is reported. */
export async function measurePacedLoad(options: PacedLoadOptions): Promise<PacedFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  try {
    if (options.warmSeconds > 0) await runPhase(options, agent, options.warmSeconds);
    const cpuBefore = process.cpuUsage();
    const r = await runPhase(options, agent, options.measureSeconds);
    const cpu = process.cpuUsage(cpuBefore);
    const latency = percentiles(r.latency, r.samples);
    const achievedRate = Math.round((r.ok / (r.elapsedMs / 1000)) * 10) / 10;
    return {
      turnsPerSecond: Math.round(achievedRate),
      ...latency,
      requests: r.sent,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      connections: options.connections,
      offeredRate: options.rate,
      achievedRate,
      service: percentiles(r.service, r.samples),
      sendLag: percentiles(r.sendLag, r.samples),
      delayedForReadyUser: r.delayedForReadyUser,
      maxInFlight: r.maxInFlight,
      generatorCpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / r.elapsedMs) * 1000) / 10,
    };
  } finally {
    agent.destroy();
  }
}
