/**
 * CPU per turn of `RedisSessionStore.runTurn` alone (no dialog: `apply` returns a fixed ~400-byte state), for both
 * sides of the socket: this process (`process.cpuUsage()`) and redis-server (`INFO cpu`). 40 users run turns
 * concurrently, each user's turns one after another, on a client configured as `connectRedis` makes it
 * (auto-pipelining, a command timeout, hence a commit deadline on every turn). Wall time is not reported on purpose:
 * on a shared machine CPU time is the steadier measure. Prints one JSON line.
 * Run: npx tsx bench/store-cpu.bench.ts [seconds=5]   Env: BENCH_RATE_LIMIT=1 adds a per-user rate limit (never hit).
 */
import { Redis } from 'ioredis';
import { RedisSessionStore, type RunTurnOptions, type SessionKey } from '../src/store/index.js';
import { startRedisServer } from '../test/support/redis-server.js';

const USERS = 40;
const seconds = Number(process.argv[2] ?? 5);
const options: RunTurnOptions = process.env.BENCH_RATE_LIMIT ? { rateLimit: { max: 1_000_000_000, windowMs: 60_000 } } : {};
const STATE = JSON.stringify({ v: 1, step: 'intake', city: 'shanghai', facts: { age: 32 } }).padEnd(400, ' ');

async function redisCpuSeconds(admin: Redis): Promise<number> {
  const info = await admin.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

const server = await startRedisServer();
const redis = new Redis(server.url, { enableAutoPipelining: true, maxRetriesPerRequest: 1, commandTimeout: 2000 });
const admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
try {
  const store = new RedisSessionStore({ redis, prefix: 'cpu:' });
  const keys: SessionKey[] = Array.from({ length: USERS }, (_, i) => ({ channel: 'telegram', userId: String(7_000_000 + i) }));
  let turns = 0;
  let stopAt = 0;
  const runUsers = () =>
    Promise.all(
      keys.map(async (key, u) => {
        while (performance.now() < stopAt) {
          const outcome = await store.runTurn(key, `tg:${u}:${turns}`, () => ({ next: STATE, result: null }), options);
          if (outcome.status !== 'applied') throw new Error(`turn not applied: ${outcome.status}`);
          turns++;
        }
      }),
    );

  stopAt = performance.now() + 1500; // warm-up: JIT, caches, the clock sync
  await runUsers();

  turns = 0;
  const redisBefore = await redisCpuSeconds(admin);
  const cpuBefore = process.cpuUsage();
  stopAt = performance.now() + seconds * 1000;
  await runUsers();
  const cpu = process.cpuUsage(cpuBefore);
  const redisCpu = (await redisCpuSeconds(admin)) - redisBefore;
  console.log(
    JSON.stringify({
      bench: 'store-cpu',
      rateLimit: Boolean(options.rateLimit),
      turns,
      turnsPerSecond: Math.round(turns / seconds),
      cpuUsPerTurn: Math.round(((cpu.user + cpu.system) / turns) * 10) / 10,
      redisCpuUsPerTurn: Math.round(((redisCpu * 1e6) / turns) * 10) / 10,
    }),
  );
} finally {
  await Promise.all([redis.quit(), admin.quit()]);
  await server.stop();
}
