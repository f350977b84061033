/**
 * Child of session-memory.ts: creates live sessions through the real turn handler on Redis (each user sends the
 * city, then the multi-fact sentence, so the session holds a half-done intake), then reports this process's RSS.
 * Runs alone in its process so the RSS is the turn runtime's, with its in-process session cache full.
 */
import { Redis } from 'ioredis';
import { loadCore } from '../../src/app/core.js';
import { createTurnHandler } from '../../src/runtime/index.js';
import { RedisSessionStore } from '../../src/store/index.js';

const users = Number(process.env.BENCH_SESSIONS ?? 10_000);
const concurrency = 100;
const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
const store = new RedisSessionStore({ redis, prefix: process.env.BENCH_PREFIX!, ttlSeconds: 30 * 86_400 });
const handler = createTurnHandler({ ...loadCore(), store });
const rssBeforeMb = process.memoryUsage().rss / 1024 / 1024;

const turns = (user: number) => ['上海', `我${25 + (user % 20)}岁，本科有学位，电工四级，交了${2 + (user % 6)}年社保`];
let applied = 0;
let next = 0;
async function worker(): Promise<void> {
  while (next < users) {
    const user = next++;
    for (const [i, text] of turns(user).entries()) {
      const r = await handler.handle({
        channel: 'telegram',
        userId: String(5_000_000 + user),
        chatId: String(5_000_000 + user),
        messageId: `tg:${user * 10 + i}`,
        text,
        sentAt: Date.now(),
      });
      if (r.status === 'applied') applied++;
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
// What a long-running process keeps, not what is merely waiting for the collector.
(globalThis as { gc?: () => void }).gc?.();
process.send?.({ type: 'done', applied, rssBeforeMb, rssMb: process.memoryUsage().rss / 1024 / 1024 });
redis.disconnect();
