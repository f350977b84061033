/**
 * `npm run bench:dialog`: whole conversations through the real turn runtime (dialog + NLU + rules) on a real,
 * throw-away Redis. Prints JSON: turns per second, Redis round trips per turn (counted at the client, cross-checked
 * with INFO commandstats), and bytes stored per session (MEMORY USAGE). Targets: ≤ 1 round trip per turn for the
 * state, ≤ 1 KB per session.
 */
import { Redis } from 'ioredis';
import type { InboundMessage } from '../src/contract/index.js';
import { loadCore } from '../src/app/core.js';
import { createTurnHandler } from '../src/runtime/turn-runtime.js';
import { RedisSessionStore, userKeys } from '../src/store/index.js';
import { startRedisServer } from '../test/support/redis-server.js';

const USERS = Number(process.env.BENCH_USERS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const PREFIX = 'bench:';

// A complete Shanghai intake, the common case: one multi-fact sentence, then the follow-up questions.
const CONVERSATION = ['我32岁，本科有学位，电工四级，在上海交了5年社保', '是', '对口', '2020年5月', '6年', '跳过', '跳过', '1', '1'];

function commandStats(info: string): Record<string, number> {
  const stats: Record<string, number> = {};
  for (const m of info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) stats[m[1]!] = Number(m[2]);
  return stats;
}

async function main(): Promise<void> {
  const server = await startRedisServer();
  const redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  const admin = new Redis(server.url);
  try {
    let roundTrips = 0;
    const send = redis.sendCommand.bind(redis);
    redis.sendCommand = ((...args: Parameters<typeof send>) => {
      roundTrips++;
      return send(...args);
    }) as typeof redis.sendCommand;

    const store = new RedisSessionStore({ redis, prefix: PREFIX });
    const handler = createTurnHandler({ ...loadCore(), store });
    const message = (user: number, turn: number): InboundMessage => ({
      channel: 'telegram',
      userId: `u${user}`,
      chatId: `u${user}`,
      messageId: `${user}:${turn}`,
      text: CONVERSATION[turn],
      sentAt: Date.now(),
    });
    // Warm-up (script load, JIT), not measured.
    for (const [t] of CONVERSATION.entries()) await handler.handle(message(-1, t));

    await admin.config('RESETSTAT');
    roundTrips = 0;
    let turns = 0;
    let results = 0;
    const started = process.hrtime.bigint();
    for (let first = 0; first < USERS; first += CONCURRENCY) {
      const batch = Array.from({ length: Math.min(CONCURRENCY, USERS - first) }, (_, i) => first + i);
      await Promise.all(
        batch.map(async (user) => {
          for (const [t] of CONVERSATION.entries()) {
            const r = await handler.handle(message(user, t));
            turns++;
            if (r.status === 'applied' && r.replies.some((x) => x.kind === 'result')) results++;
          }
        }),
      );
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const stats = commandStats(await admin.info('commandstats'));
    const scriptCalls = (stats.evalsha ?? 0) + (stats.eval ?? 0);

    const sample = Array.from({ length: Math.min(50, USERS) }, (_, i) => userKeys(PREFIX, { channel: 'telegram', userId: `u${i}` }));
    let stateBytes = 0;
    let seenBytes = 0;
    let stateChars = 0;
    for (const keys of sample) {
      stateBytes += Number(await admin.memory('USAGE', keys.state));
      seenBytes += Number((await admin.memory('USAGE', keys.seen)) ?? 0);
      stateChars += Buffer.byteLength((await admin.get(keys.state)) ?? '');
    }
    const n = sample.length;
    console.log(
      JSON.stringify(
        {
          bench: 'dialog',
          users: USERS,
          concurrency: CONCURRENCY,
          turns,
          conversationsFinished: results,
          seconds: Number(seconds.toFixed(3)),
          turnsPerSecond: Math.round(turns / seconds),
          roundTripsPerTurn: Number((roundTrips / turns).toFixed(3)),
          scriptCallsPerTurn: Number((scriptCalls / turns).toFixed(3)),
          redisCommandStats: stats,
          bytesPerSession: {
            stateMemoryUsage: Math.round(stateBytes / n),
            stateJsonBytes: Math.round(stateChars / n),
            seenIdsMemoryUsage: Math.round(seenBytes / n),
            total: Math.round((stateBytes + seenBytes) / n),
          },
          targets: { roundTripsPerTurn: 1, bytesPerSession: 1024 },
        },
        null,
        2,
      ),
    );
  } finally {
    await redis.quit();
    await admin.quit();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
