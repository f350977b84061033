/**
 * The side-by-side webhook comparison: ceiling, peer and ours, one at a time, each in its own process with a fresh
 * redis-server and the same fake Bot API kind, the same connections and durations; then ours again at a fixed
 * offered rate for the p99 target. Records the load average around each phase (other work on the machine skews all
 * figures; the ratios suffer least because the phases run back to back).
 */
import { loadavg } from 'node:os';
import { freePort, startRedisServer } from '../../test/support/redis-server.js';
import { TEST_BOT_TOKEN } from '../../test/support/telegram-api-server.js';
import { startChild, type BenchChild } from './child-process.js';
import { measureLoad, type LoadFigures } from './load.js';
import { TurnScheduler } from './turn-scheduler.js';
import { oursConversation, peerConversation } from './updates.js';

export interface WebhookBenchOptions {
  warmSeconds: number;
  measureSeconds: number;
  /** Concurrent webhook connections at saturation (Telegram's default max_connections is 40). */
  connections: number;
  /** Users taking turns at once (each waits for the answer before its next message). */
  users: number;
  fixedRate: number;
  /** Extra node flags for our server process, e.g. ['--cpu-prof', '--cpu-prof-dir=…']. */
  oursNodeArgs?: string[];
  /** Extra node flags for the peer's process (the same profiling flags, so both sides can be compared). */
  peerNodeArgs?: string[];
}

export interface ServerFigures extends LoadFigures {
  loadAverageBefore: number[];
  rssMbAfter: number;
  /** Users who completed the whole intake so far in this server's run (warm-up included). */
  usersFinished: number;
  /** Bot API calls the server made during the whole phase (warm-up included), per answered request. */
  botApiCallsPerTurn?: number;
}

export interface WebhookComparison {
  ceiling: ServerFigures;
  peer: ServerFigures;
  ours: ServerFigures;
  oursAtFixedRate: ServerFigures;
}

const SECRET = 'bench_webhook_secret_0123456789';
const round1 = (n: number) => Math.round(n * 10) / 10;

type Side = 'ceiling' | 'peer' | 'ours';
const SCRIPTS: Record<Side, string> = { ceiling: 'ceiling.ts', peer: 'peer.ts', ours: 'ours.ts' };

async function botApiCalls(port: number): Promise<number> {
  const stats = (await (await fetch(`http://127.0.0.1:${port}/stats`)).json()) as Record<string, number>;
  return (stats.sendMessage ?? 0) + (stats.answerCallbackQuery ?? 0);
}

async function runSide(side: Side, options: WebhookBenchOptions, firstUserId: number): Promise<ServerFigures[]> {
  const redis = await startRedisServer();
  const botApi = await startChild('fake-bot-api.ts', {});
  const port = await freePort();
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    REDIS_URL: redis.url,
    TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: `http://127.0.0.1:${botApi.port}`,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    NODE_ENV: 'production',
  };
  let server: BenchChild | undefined;
  try {
    const nodeArgs = side === 'ours' ? options.oursNodeArgs : side === 'peer' ? options.peerNodeArgs : undefined;
    server = await startChild(SCRIPTS[side], env, nodeArgs ?? []);
    const child = server;
    const conversation = side === 'peer' ? peerConversation : oursConversation;
    const scheduler = new TurnScheduler({ conversation, pool: options.users, firstUserId });
    const base = { port, secret: SECRET, scheduler, warmSeconds: options.warmSeconds, measureSeconds: options.measureSeconds };
    const figures: ServerFigures[] = [];
    const record = async (load: LoadFigures, loadAverageBefore: number[], callsBefore: number, turnsBefore: number) => {
      const calls = (await botApiCalls(botApi.port)) - callsBefore;
      const turns = scheduler.answeredCount - turnsBefore;
      figures.push({
        ...load,
        loadAverageBefore,
        rssMbAfter: await child.rssMb(),
        usersFinished: scheduler.usersFinished,
        ...(side === 'ceiling' ? {} : { botApiCallsPerTurn: turns > 0 ? round1(calls / turns) : 0 }),
      });
    };

    let before = loadavg().map(round1);
    let calls = await botApiCalls(botApi.port);
    let turns = scheduler.answeredCount;
    await record(await measureLoad({ ...base, connections: options.connections }), before, calls, turns);

    if (side === 'ours') {
      before = loadavg().map(round1);
      calls = await botApiCalls(botApi.port);
      turns = scheduler.answeredCount;
      const fixed = await measureLoad({ ...base, warmSeconds: Math.min(5, options.warmSeconds), connections: options.connections, overallRate: options.fixedRate });
      await record(fixed, before, calls, turns);
    }
    return figures;
  } finally {
    await server?.stop();
    await botApi.stop();
    await redis.stop();
  }
}

export async function runWebhookComparison(options: WebhookBenchOptions): Promise<WebhookComparison> {
  const [ceiling] = await runSide('ceiling', options, 1_000_000);
  const [peer] = await runSide('peer', options, 2_000_000);
  const [ours, oursAtFixedRate] = await runSide('ours', options, 3_000_000);
  return { ceiling: ceiling!, peer: peer!, ours: ours!, oursAtFixedRate: oursAtFixedRate! };
}
