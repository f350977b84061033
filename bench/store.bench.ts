/**
 * Session store benchmark: turns per second, Redis round trips per turn (server-side, from INFO commandstats) and
 * bytes per session (MEMORY USAGE). Targets: ≤ 1 round trip per turn, ≤ 1 KB per session.
 * Starts its own redis-server; prints one JSON object.  Run: npm run bench:store
 */
import { Redis } from 'ioredis';
import { MemorySessionStore, RedisSessionStore, userKeys, type SessionKey, type SessionStore } from '../src/store/index.js';
import { startRedisServer } from '../test/support/redis-server.js';

const USERS = 500;
const TURNS_PER_USER = 20;

/** A realistic intake state: ~400 bytes of JSON (facts gathered so far, the step, a few answers). */
function stateFor(userIndex: number, turn: number): string {
  return JSON.stringify({
    v: 1,
    step: turn < 10 ? 'intake' : 'result',
    city: 'shanghai',
    facts: {
      age: 30 + (userIndex % 20),
      education: 'vocational',
      socialInsuranceMonths: 24 + turn,
      certificates: [{ kind: 'electrician', level: 3, issued: '2019-06-01' }],
    },
    asked: ['city', 'age', 'education', 'insurance', 'certificates'],
    lastAnswers: Array.from({ length: 6 }, (_, i) => `answer-${turn}-${i}`),
    turn,
  }).padEnd(400, ' ');
}

async function runTurns(store: SessionStore, keys: SessionKey[]): Promise<{ turns: number; seconds: number }> {
  const started = process.hrtime.bigint();
  // Users in parallel, each user's turns one after another (as a real conversation arrives).
  await Promise.all(
    keys.map(async (key, u) => {
      for (let t = 0; t < TURNS_PER_USER; t++) {
        await store.runTurn(key, `tg:${u}:${t}`, () => ({ next: stateFor(u, t), result: null }));
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { turns: keys.length * TURNS_PER_USER, seconds };
}

async function commandCalls(admin: Redis): Promise<Record<string, number>> {
  const info = await admin.info('commandstats');
  const calls: Record<string, number> = {};
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[m[1]!] = Number(m[2]);
  return calls;
}

async function sessionBytes(admin: Redis, prefix: string, key: SessionKey) {
  const keys = userKeys(prefix, key);
  const state = (await admin.memory('USAGE', keys.state)) ?? 0;
  const seen = (await admin.memory('USAGE', keys.seen)) ?? 0;
  return { state, seenIds: await admin.zcard(keys.seen), seen, total: state + seen };
}

const server = await startRedisServer();
const storeConnection = new Redis(server.url, { maxRetriesPerRequest: 1 });
const admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
try {
  const prefix = 'bench:';
  const store = new RedisSessionStore({ redis: storeConnection, prefix });
  const keys: SessionKey[] = Array.from({ length: USERS }, (_, i) => ({ channel: 'telegram', userId: String(100000 + i) }));

  await storeConnection.ping(); // connect before counting
  await admin.config('RESETSTAT');
  const redisRun = await runTurns(store, keys);
  const calls = await commandCalls(admin);
  // Commands a script runs are counted in commandstats too; a round trip is a top-level command: the script calls.
  const scriptCalls = (calls.evalsha ?? 0) + (calls.eval ?? 0);
  const scriptInternal = new Set(['get', 'set', 'del', 'time', 'zscore', 'zadd', 'zremrangebyscore', 'zremrangebyrank', 'expire']);
  const otherTopLevel = Object.entries(calls)
    .filter(([name]) => !scriptInternal.has(name) && !/^(evalsha|eval|info|config|ping)/.test(name))
    .reduce((sum, [, n]) => sum + n, 0);

  // A returning user on a process that has never seen them (cold cache) costs one extra trip.
  const coldStore = new RedisSessionStore({ redis: storeConnection, prefix });
  await admin.config('RESETSTAT');
  await coldStore.runTurn(keys[0]!, 'cold-1', () => ({ next: stateFor(0, 99), result: null }));
  const coldCalls = await commandCalls(admin);

  const memoryRun = await runTurns(new MemorySessionStore(), keys);

  // A session that has reached the remembered-ids bound (100): the worst case of the dedupe set.
  const heavy: SessionKey = { channel: 'wecom', userId: 'heavy-user' };
  for (let t = 0; t < 120; t++) await store.runTurn(heavy, `wx:${1_000_000 + t}`, () => ({ next: stateFor(1, t), result: null }));

  const usedMemory = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1] ?? 0);
  console.log(
    JSON.stringify(
      {
        benchmark: 'store',
        users: USERS,
        turnsPerUser: TURNS_PER_USER,
        stateBytes: stateFor(0, 0).length,
        redis: {
          turns: redisRun.turns,
          turnsPerSecond: Math.round(redisRun.turns / redisRun.seconds),
          roundTripsPerTurn: (scriptCalls + otherTopLevel) / redisRun.turns,
          scriptCallsPerTurn: scriptCalls / redisRun.turns,
          coldCacheReturningUserRoundTrips: (coldCalls.evalsha ?? 0) + (coldCalls.eval ?? 0),
          bytesPerSession: await sessionBytes(admin, prefix, keys[0]!),
          bytesPerSessionAt100SeenIds: await sessionBytes(admin, prefix, heavy),
          usedMemoryBytesTotal: usedMemory,
        },
        memory: {
          turns: memoryRun.turns,
          turnsPerSecond: Math.round(memoryRun.turns / memoryRun.seconds),
        },
        targets: { roundTripsPerTurn: 1, bytesPerSession: 1024 },
      },
      null,
      2,
    ),
  );
} finally {
  await Promise.all([storeConnection.quit(), admin.quit()]);
  await server.stop();
}
