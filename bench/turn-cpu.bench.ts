/**
 * `npm run bench:turn`: CPU per turn of the turn runtime alone (dialog + NLU + FAQ + rules + state (de)serialisation),
 * no HTTP and no Redis: the real `createTurnHandler` on a MemorySessionStore, driven by exactly the conversation the
 * webhook benchmark sends (`oursConversation`: /start, 上海, the multi-fact sentence, 8 follow-ups). Turns run one
 * after another, so wall time ≈ CPU time of the turn path. Prints JSON:
 * { usPerTurn, turnsPerSecond, cpuUsPerTurn, heapMbAfter, gcMsPerTurn }. Env: BENCH_WARM_USERS (300), BENCH_USERS (2000).
 */
import { PerformanceObserver } from 'node:perf_hooks';
import type { InboundMessage } from '../src/contract/index.js';
import { loadCore } from '../src/app/core.js';
import { createTurnHandler } from '../src/runtime/turn-runtime.js';
import { MemorySessionStore } from '../src/store/index.js';
import { oursConversation } from './webhook/updates.js';

const WARM_USERS = Number(process.env.BENCH_WARM_USERS ?? 300);
const USERS = Number(process.env.BENCH_USERS ?? 2000);

const handler = createTurnHandler({ ...loadCore(), store: new MemorySessionStore({}) });

let messageId = 0;
function message(user: number, text: string): InboundMessage {
  // As the Telegram adapter hands a command over: without its slash, no text.
  const command = text.startsWith('/') ? text.slice(1) : undefined;
  return {
    channel: 'telegram',
    userId: `u${user}`,
    chatId: `u${user}`,
    messageId: String(messageId++),
    text: command ? '' : text,
    ...(command ? { command } : {}),
    sentAt: Date.now(),
  };
}

/** Users `first`…`first+count-1` each go through the whole intake; returns the number of turns. */
async function run(first: number, count: number): Promise<number> {
  let turns = 0;
  for (let u = first; u < first + count; u++) {
    for (const text of oursConversation(u)) {
      const result = await handler.handle(message(u, text));
      if (result.status !== 'applied') throw new Error(`turn of u${u} not applied: ${result.status}`);
      turns++;
    }
  }
  return turns;
}

await run(0, WARM_USERS);

let gcMs = 0;
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
gcObserver.observe({ entryTypes: ['gc'] });

const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const turns = await run(WARM_USERS, USERS);
const cpu = process.cpuUsage(cpuBefore);
const ns = Number(process.hrtime.bigint() - started);
// GC entries are delivered asynchronously (the turns above never yield to the event loop); let them arrive.
await new Promise((resolve) => setTimeout(resolve, 100));
gcObserver.disconnect();

const usPerTurn = ns / 1000 / turns;
console.log(
  JSON.stringify({
    bench: 'turn-cpu',
    users: USERS,
    turns,
    usPerTurn: Math.round(usPerTurn * 10) / 10,
    turnsPerSecond: Math.round(1e6 / usPerTurn),
    // Process CPU (all threads, GC helpers included): steadier than wall time on a machine other work shares.
    cpuUsPerTurn: Math.round(((cpu.user + cpu.system) / turns) * 10) / 10,
    heapMbAfter: Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10,
    gcMsPerTurn: Math.round((gcMs / turns) * 1000) / 1000,
  }),
);
