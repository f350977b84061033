/**
 * One-shot check that a bench server answers a real intake: starts the fake Bot API, a redis-server and `ours`,
 * sends one user's first turns and prints each status and body. For diagnosing a bench run full of non-2xx.
 *   npx tsx bench/webhook/probe.ts
 */
import { freePort, startRedisServer } from '../../test/support/redis-server.js';
import { BENCH_WEBHOOK_SECRET as SECRET, webhookServerEnv } from './server-env.js';
import { startChild } from './child-process.js';
import { oursConversation, textUpdate } from './updates.js';

const redis = await startRedisServer();
const botApi = await startChild('fake-bot-api.ts', {});
const port = await freePort();
const server = await startChild('ours.ts', webhookServerEnv(port, redis.url, botApi.port));
try {
  let updateId = 1;
  for (const text of oursConversation(7).slice(0, 4)) {
    const res = await fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: textUpdate(updateId++, 4242, text, Math.floor(Date.now() / 1000)),
    });
    process.stdout.write(`${res.status} ${await res.text()}\n`);
  }
} finally {
  await server.stop();
  await botApi.stop();
  await redis.stop();
}
