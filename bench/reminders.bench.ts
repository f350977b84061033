/**
 * 10,000 reminders across 2,000 users, all due in the same minute (now + 2 s), delivered through a local HTTP API server
 * with the rate limits configured: a global 1,000/s (a test value, so the run takes seconds; Telegram's real one is 30/s)
 * and Telegram's 1 message/s per chat. Prints JSON: { count, deliveredMs, duplicates, idealMs, ratio }.
 * idealMs = the bound the limits impose: max(count ÷ global rate, (reminders per chat − 1) × 1 s). Also printed: the
 * shortest gap between two sends to one chat (minChatGapMs) and the most sends in any one second (maxPerSecond), and
 * the CPU the delivery took per reminder, of the bench's processes (the workers, the API stand-in) and of redis-server:
 * steadier than the time on a shared machine. Each worker runs in its own process (bench/reminders-worker.ts), as in
 * production; this process schedules the reminders and runs the API stand-in, so the times it records are not delayed
 * by a worker's event loop.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { BullmqReminderService } from '../src/reminders/index.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { startRecordingApi, waitFor } from '../test/reminders/fixtures/recording-api.js';

const COUNT = Number(process.env.BENCH_COUNT ?? 10_000);
const USERS = Number(process.env.BENCH_USERS ?? 2_000);
const GLOBAL_PER_SECOND = Number(process.env.BENCH_RATE ?? 1_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);

const redis = await startRedisServer();
const api = await startRecordingApi();
const ns = { queuePrefix: `{bench-${randomUUID().slice(0, 6)}}`, keyPrefix: 'bench:' };
const limits = { telegram: { globalPerSecond: GLOBAL_PER_SECOND, perChat: [{ max: 1, windowMs: 1_000 }] } };
// Schedules only: the workers are the child processes.
const scheduler = new BullmqReminderService({ redisUrl: redis.url, ...ns, limits });
const workers = await Promise.all(Array.from({ length: WORKERS }, () => startWorker()));

try {
  const dueAt = new Date(Date.now() + 2_000);
  const scheduleStarted = Date.now();
  for (let start = 0; start < COUNT; start += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, COUNT - start) }, (_, k) => {
        const i = start + k;
        const userId = `u${i % USERS}`;
        return scheduler.schedule({
          user: { channel: 'telegram', userId },
          target: { channel: 'telegram', chatId: userId, userId },
          dueAt,
          text: `r${i}`,
          kind: 'custom',
        });
      }),
    );
  }
  const scheduleMs = Date.now() - scheduleStarted;
  const cpuBefore = process.cpuUsage();
  const redisCpuBefore = redisCpuMs();
  await Promise.all(workers.map((w) => ask(w, 'start')));
  const from = Math.max(dueAt.getTime(), Date.now());
  // The length first: building the set of texts every poll would itself take CPU from the delivery measured.
  await waitFor(() => api.sends.length >= COUNT && new Set(api.sends.map((s) => s.text)).size >= COUNT, 600_000, 'all deliveries');
  const cpu = process.cpuUsage(cpuBefore);
  const redisCpu = redisCpuMs() - redisCpuBefore;
  const workerCpuUs = (await Promise.all(workers.map((w) => ask<{ cpuUs: number }>(w, 'stop')))).map((r) => r.cpuUs);
  const deliveredMs = Math.max(...api.sends.map((s) => s.at)) - from;
  await new Promise((r) => setTimeout(r, 1_000)); // late duplicates would show up here
  const duplicates = api.sends.length - new Set(api.sends.map((s) => s.text)).size;
  const perChat = Math.ceil(COUNT / USERS);
  const idealMs = Math.max((COUNT / GLOBAL_PER_SECOND) * 1000, (perChat - 1) * 1000);
  // The limits, as the messenger would see them: the shortest gap between two sends to one chat (≥ 1 s wanted), and
  // the most sends in any one second overall (≤ the global rate wanted; times are as the API received them).
  const byChat = new Map<string, number[]>();
  for (const send of api.sends) byChat.set(send.chatId, [...(byChat.get(send.chatId) ?? []), send.at]);
  let minChatGapMs = Infinity;
  for (const times of byChat.values()) {
    times.sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) minChatGapMs = Math.min(minChatGapMs, times[i]! - times[i - 1]!);
  }
  const all = api.sends.map((send) => send.at).sort((a, b) => a - b);
  let maxPerSecond = 0;
  for (let i = 0, j = 0; j < all.length; j++) {
    while (all[j]! - all[i]! >= 1000) i++;
    maxPerSecond = Math.max(maxPerSecond, j - i + 1);
  }
  if (process.env.BENCH_DEBUG) {
    const buckets: number[] = [];
    for (const t of all) buckets[Math.floor((t - from) / 500)] = (buckets[Math.floor((t - from) / 500)] ?? 0) + 1;
    console.error('per 500 ms', [...buckets].map((b) => b ?? 0).join(' '), 'first', all[0]! - from);
  }
  console.log(
    JSON.stringify({
      count: COUNT,
      users: USERS,
      workers: WORKERS,
      globalPerSecond: GLOBAL_PER_SECOND,
      scheduleMs,
      deliveredMs,
      duplicates,
      idealMs,
      ratio: Number((deliveredMs / idealMs).toFixed(2)),
      minChatGapMs,
      maxPerSecond,
      cpuUsPerReminder: Math.round((cpu.user + cpu.system + workerCpuUs.reduce((a, b) => a + b, 0)) / COUNT),
      workerCpuUsPerReminder: workerCpuUs.map((us) => Math.round(us / COUNT)),
      redisCpuUsPerReminder: Math.round((redisCpu * 1000) / COUNT),
    }),
  );
} finally {
  for (const worker of workers) if (worker.exitCode === null) worker.kill();
  await scheduler.close();
  await api.close();
  await redis.stop();
}

/** A worker process, once it is connected and waiting for 'start'. */
async function startWorker(): Promise<ChildProcess> {
  const child = fork(fileURLToPath(new URL('./reminders-worker.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/pace2-prof'] : [])],
    env: {
      ...process.env,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: ns.queuePrefix,
      KEY_PREFIX: ns.keyPrefix,
      SEND_URL: api.url,
      BENCH_RATE: String(GLOBAL_PER_SECOND),
    },
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`reminder worker exited with ${code}`)));
  });
  return child;
}

/** Sends a command to a worker and resolves with its answer. */
function ask<T = unknown>(child: ChildProcess, command: 'start' | 'stop'): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (answer) => resolve(answer as T));
    child.send(command);
  });
}

/** redis-server's CPU time so far (ms), from /proc (Linux); 0 where there is none. */
function redisCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/${redis.process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}
