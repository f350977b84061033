/**
 * One reminder worker of `bench/reminders.bench.ts` in its own process, as production runs them (one worker per
 * process): two workers sharing one JS thread would turn its event-loop lag into late sends. Driven over IPC by the
 * bench: env REDIS_URL, QUEUE_PREFIX, KEY_PREFIX, SEND_URL, BENCH_RATE; messages 'start' → 'started',
 * 'stop' → { cpuUs } (its CPU since 'start') and exit.
 */
import { BullmqReminderService } from '../src/reminders/index.js';
import { httpSender } from '../test/reminders/fixtures/recording-api.js';

const limits = { telegram: { globalPerSecond: Number(process.env.BENCH_RATE), perChat: [{ max: 1, windowMs: 1_000 }] } };
const service = new BullmqReminderService({
  redisUrl: process.env.REDIS_URL!,
  queuePrefix: process.env.QUEUE_PREFIX!,
  keyPrefix: process.env.KEY_PREFIX!,
  limits,
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 100),
});
let cpuAtStart = process.cpuUsage();

process.on('message', async (message: string) => {
  if (message === 'start') {
    cpuAtStart = process.cpuUsage();
    await service.start([httpSender('telegram', process.env.SEND_URL!)]);
    process.send!('started');
  } else if (message === 'stop') {
    const cpu = process.cpuUsage(cpuAtStart);
    await service.close();
    process.send!({ cpuUs: cpu.user + cpu.system }, () => process.exit(0));
  }
});
process.send!('ready');
