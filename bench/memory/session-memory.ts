/**
 * Memory with 10,000 live sessions: Redis bytes per session (MEMORY USAGE of the state and the seen-ids key, on a
 * sample of users: mean and p95) and the RSS of the process that made them (sessions-child.ts).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { userKeys } from '../../src/store/index.js';
import { startRedisServer } from '../../test/support/redis-server.js';

export interface SessionMemoryFigures {
  sessions: number;
  turnsApplied: number;
  bytesPerSession: { mean: number; p95: number; stateMean: number; seenIdsMean: number; sample: number };
  redisUsedMemoryMb: number;
  rssMbBaseline: number;
  rssMb10k: number;
}

const PREFIX = 'benchmem:';
const SAMPLE = 500;

function runChild(redisUrl: string, sessions: number) {
  const file = fileURLToPath(new URL('./sessions-child.ts', import.meta.url));
  const child = fork(file, [], {
    env: { ...process.env, REDIS_URL: redisUrl, BENCH_PREFIX: PREFIX, BENCH_SESSIONS: String(sessions) },
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  return new Promise<{ applied: number; rssBeforeMb: number; rssMb: number }>((resolve, reject) => {
    child.on('message', (m: { type?: string; applied: number; rssBeforeMb: number; rssMb: number }) => {
      if (m?.type === 'done') resolve(m);
    });
    child.once('exit', (code) => {
      process.removeListener('exit', kill);
      reject(new Error(`sessions-child exited with ${code} before reporting`));
    });
  });
}

export async function runSessionMemory(sessions = 10_000): Promise<SessionMemoryFigures> {
  const server = await startRedisServer();
  const admin = new Redis(server.url);
  try {
    const child = await runChild(server.url, sessions);
    const totals: number[] = [];
    let state = 0;
    let seen = 0;
    const step = Math.max(1, Math.floor(sessions / SAMPLE));
    for (let user = 0; user < sessions; user += step) {
      const keys = userKeys(PREFIX, { channel: 'telegram', userId: String(5_000_000 + user) });
      const s = Number((await admin.memory('USAGE', keys.state)) ?? 0);
      const m = Number((await admin.memory('USAGE', keys.seen)) ?? 0);
      state += s;
      seen += m;
      totals.push(s + m);
    }
    totals.sort((a, b) => a - b);
    const n = totals.length;
    const used = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1] ?? 0);
    return {
      sessions,
      turnsApplied: child.applied,
      bytesPerSession: {
        mean: Math.round((state + seen) / n),
        p95: totals[Math.min(n - 1, Math.floor(n * 0.95))]!,
        stateMean: Math.round(state / n),
        seenIdsMean: Math.round(seen / n),
        sample: n,
      },
      redisUsedMemoryMb: Math.round((used / 1024 / 1024) * 10) / 10,
      rssMbBaseline: Math.round(child.rssBeforeMb * 10) / 10,
      rssMb10k: Math.round(child.rssMb * 10) / 10,
    };
  } finally {
    admin.disconnect();
    await server.stop();
  }
}
