/**
 * Diagnostic: one warm server at an offered 500/s, alternately through autocannon's `overallRate` (bursty, see
 * docs/benchmarks.md "Fixed-rate phase") and the paced generator, to see what each generator reports for the same
 * process. Prints one JSON line per window.
 *   npx tsx bench/webhook/fixed-rate-generators.ts [ours|ceiling] [windows=4]
 */
import { loadavg } from 'node:os';
import { freePort, startRedisServer } from '../../test/support/redis-server.js';
import { BENCH_WEBHOOK_SECRET as SECRET, webhookServerEnv } from './server-env.js';
import { startChild } from './child-process.js';
import { measureLoad } from './load.js';
import { measurePacedLoad } from './paced-load.js';
import { TurnScheduler } from './turn-scheduler.js';
import { oursConversation } from './updates.js';

const RATE = 500;
const side = process.argv[2] === 'ceiling' ? 'ceiling' : 'ours';
const windows = Number(process.argv[3] ?? 4) || 4;

const redis = await startRedisServer();
const botApi = await startChild('fake-bot-api.ts', {});
const port = await freePort();
const server = await startChild(`${side}.ts`, webhookServerEnv(port, redis.url, botApi.port));
try {
  const scheduler = new TurnScheduler({ conversation: oursConversation, pool: 200, firstUserId: 5_000_000 });
  const base = { port, secret: SECRET, scheduler, connections: 40, warmSeconds: 0, measureSeconds: 5 };
  await measureLoad({ ...base, measureSeconds: 3 }); // warm the process at saturation
  for (let i = 0; i < windows; i++) {
    const loadAverage1 = loadavg()[0];
    if (i % 2 === 0) {
      const f = await measureLoad({ ...base, overallRate: RATE });
      process.stdout.write(
        `${JSON.stringify({ side, generator: 'autocannon', loadAverage1, turnsPerSecond: f.turnsPerSecond, p50Ms: f.p50Ms, p99Ms: f.p99Ms, maxMs: f.maxMs })}\n`,
      );
    } else {
      const f = await measurePacedLoad({ ...base, rate: RATE });
      const { p50Ms, p99Ms, maxMs, achievedRate, service, sendLag } = f;
      process.stdout.write(
        `${JSON.stringify({ side, generator: 'paced', loadAverage1, achievedRate, p50Ms, p99Ms, maxMs, serviceP99Ms: service.p99Ms, sendLagP99Ms: sendLag.p99Ms })}\n`,
      );
    }
  }
} finally {
  await server.stop();
  await botApi.stop();
  await redis.stop();
}
