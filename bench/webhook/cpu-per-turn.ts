/**
 * CPU µs per answered turn of one webhook server at saturation: ours (the real app), adapter (the real app with a
 * stub turn handler: the HTTP + Telegram path alone, bench/webhook/servers/adapter.ts), peer or ceiling.
 *
 * Wall-clock throughput on a shared 2-core machine is too noisy to judge a 5 % change; the server's own CPU time
 * (utime + stime from /proc/<pid>/stat, in 10 ms ticks) divided by the turns it answered is not: other processes
 * slow it down but do not add to it. Compare before/after by interleaving runs and taking medians.
 *
 * Usage: npx tsx bench/webhook/cpu-per-turn.ts [ours|adapter|peer|ceiling] [seconds=6]   (npm run bench:webhook-cpu)
 * Profile the server: EXP_NODE_ARGS="--cpu-prof --cpu-prof-dir=tmp/cpu-prof" …, then npx tsx bench/profile/summarize.ts tmp/cpu-prof
 * Prints one JSON line. Linux only (/proc).
 */
import { readFileSync } from 'node:fs';
import { freePort, startRedisServer } from '../../test/support/redis-server.js';
import { BENCH_WEBHOOK_SECRET as SECRET, webhookServerEnv } from './server-env.js';
import { startChild } from './child-process.js';
import { measureLoad } from './load.js';
import { TurnScheduler } from './turn-scheduler.js';
import { oursConversation, peerConversation } from './updates.js';

type Side = 'ours' | 'adapter' | 'peer' | 'ceiling';
const SIDES: readonly Side[] = ['ours', 'adapter', 'peer', 'ceiling'];
const side = (process.argv[2] ?? 'ours') as Side;
const seconds = Number(process.argv[3] ?? 6);
if (!SIDES.includes(side) || !(seconds > 0)) {
  console.error('usage: cpu-per-turn.ts [ours|adapter|peer|ceiling] [seconds]');
  process.exit(2);
}
const WARM_SECONDS = 3;
const CONNECTIONS = 40;

/** utime + stime of `pid`, in clock ticks (10 ms on Linux). Fields 14 and 15 of stat, counted after the ") ". */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const redis = await startRedisServer();
const botApi = await startChild('fake-bot-api.ts', {});
const port = await freePort();
const server = await startChild(
  `${side}.ts`,
  webhookServerEnv(port, redis.url, botApi.port),
  (process.env.EXP_NODE_ARGS ?? '').split(' ').filter(Boolean),
);
try {
  const scheduler = new TurnScheduler({
    conversation: side === 'peer' ? peerConversation : oursConversation,
    pool: 200,
    firstUserId: 5_000_000,
  });
  // Warm-up (JIT, connection pools) outside the measured window.
  await measureLoad({ port, secret: SECRET, scheduler, warmSeconds: 0, measureSeconds: WARM_SECONDS, connections: CONNECTIONS });
  const pid = server.process.pid!;
  const ticksBefore = cpuTicks(pid);
  const answeredBefore = scheduler.answeredCount;
  const load = await measureLoad({ port, secret: SECRET, scheduler, warmSeconds: 0, measureSeconds: seconds, connections: CONNECTIONS });
  const cpuMs = (cpuTicks(pid) - ticksBefore) * 10;
  const turns = scheduler.answeredCount - answeredBefore;
  console.log(
    JSON.stringify({
      side,
      turnsPerSecond: load.turnsPerSecond,
      cpuUsPerTurn: Math.round((cpuMs * 1000) / turns),
      cpuPct: Math.round(cpuMs / (seconds * 10)),
      p50: load.p50Ms,
      non2xx: load.non2xx,
    }),
  );
} finally {
  await server.stop();
  await botApi.stop();
  await redis.stop();
}
