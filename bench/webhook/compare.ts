/**
 * The side-by-side webhook comparison: ceiling, peer and ours, one at a time, each in its own process with a fresh
 * redis-server and the same fake Bot API kind, the same connections and durations. Each side is measured at
 * saturation (autocannon, turns/s), then on the same warm process at a paced, open-loop offered rate
 * (paced-load.ts) for the latency target. Records the load average around each phase (other work on the machine
 * skews all figures; the ratios suffer least because the phases run back to back).
 */
import { loadavg } from 'node:os';
import { freePort, startRedisServer } from '../../test/support/redis-server.js';
import { BENCH_WEBHOOK_SECRET as SECRET, webhookServerEnv } from './server-env.js';
import { startChild, type BenchChild } from './child-process.js';
import { measureLoad, type LoadFigures } from './load.js';
import { measurePacedLoad, type PacedFigures } from './paced-load.js';
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

/** What every phase reports besides the load generator's figures; the per-turn counts cover warm-up + window. */
export interface PhaseExtras {
  loadAverageBefore: number[];
  rssMbAfter: number;
  /** Users who completed the whole intake so far in this server's run (warm-up included). */
  usersFinished: number;
  /** Bot API calls (sendMessage + answerCallbackQuery) the server made, per answered request. */
  botApiCallsPerTurn: number;
  /** Answers whose HTTP body was a webhook reply (`{"method":…}`), any method, per answered request. */
  webhookRepliesPerTurn: number;
  /** (Bot API sendMessage calls + webhook replies calling sendMessage) per answered request: did the user get a reply. */
  repliesPerTurn: number;
}

export type ServerFigures = LoadFigures & PhaseExtras;
export type FixedRateFigures = PacedFigures & PhaseExtras;

export interface WebhookComparison {
  ceiling: ServerFigures;
  peer: ServerFigures;
  ours: ServerFigures;
  ceilingAtFixedRate: FixedRateFigures;
  peerAtFixedRate: FixedRateFigures;
  oursAtFixedRate: FixedRateFigures;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
/** Replies sent after the 200 may still be on their way to the fake Bot API when a phase ends. */
const SETTLE_MS = 250;

type Side = 'ceiling' | 'peer' | 'ours';
const SCRIPTS: Record<Side, string> = { ceiling: 'ceiling.ts', peer: 'peer.ts', ours: 'ours.ts' };

interface CallCounts {
  botApiCalls: number;
  botApiSendMessages: number;
  webhookReplies: number;
  webhookSendMessages: number;
  turns: number;
}

async function countCalls(botApiPort: number, scheduler: TurnScheduler): Promise<CallCounts> {
  const stats = (await (await fetch(`http://127.0.0.1:${botApiPort}/stats`)).json()) as Record<string, number>;
  return {
    botApiCalls: (stats.sendMessage ?? 0) + (stats.answerCallbackQuery ?? 0),
    botApiSendMessages: stats.sendMessage ?? 0,
    webhookReplies: scheduler.webhookReplies,
    webhookSendMessages: scheduler.webhookSendMessageReplies,
    turns: scheduler.answeredCount,
  };
}

function perTurn(
  before: CallCounts,
  after: CallCounts,
): Pick<PhaseExtras, 'botApiCallsPerTurn' | 'webhookRepliesPerTurn' | 'repliesPerTurn'> {
  const turns = after.turns - before.turns;
  const per = (n: number) => (turns > 0 ? n / turns : 0);
  return {
    botApiCallsPerTurn: round1(per(after.botApiCalls - before.botApiCalls)),
    webhookRepliesPerTurn: round2(per(after.webhookReplies - before.webhookReplies)),
    repliesPerTurn: round2(
      per(after.botApiSendMessages - before.botApiSendMessages + after.webhookSendMessages - before.webhookSendMessages),
    ),
  };
}

async function runSide(
  side: Side,
  options: WebhookBenchOptions,
  firstUserId: number,
): Promise<{ saturation: ServerFigures; fixedRate: FixedRateFigures }> {
  const redis = await startRedisServer();
  const botApi = await startChild('fake-bot-api.ts', {});
  const port = await freePort();
  const env: Record<string, string> = webhookServerEnv(port, redis.url, botApi.port);
  let server: BenchChild | undefined;
  try {
    const nodeArgs = side === 'ours' ? options.oursNodeArgs : side === 'peer' ? options.peerNodeArgs : undefined;
    server = await startChild(SCRIPTS[side], env, nodeArgs ?? []);
    const child = server;
    const conversation = side === 'peer' ? peerConversation : oursConversation;
    const scheduler = new TurnScheduler({ conversation, pool: options.users, firstUserId });
    const base = { port, secret: SECRET, scheduler, connections: options.connections, measureSeconds: options.measureSeconds };

    /** Runs one phase and adds the load average before it, the RSS after it and the per-turn call counts. */
    const measured = async <F extends LoadFigures>(run: () => Promise<F>): Promise<F & PhaseExtras> => {
      const loadAverageBefore = loadavg().map(round1);
      const before = await countCalls(botApi.port, scheduler);
      const figures = await run();
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const after = await countCalls(botApi.port, scheduler);
      return {
        ...figures,
        loadAverageBefore,
        rssMbAfter: await child.rssMb(),
        usersFinished: scheduler.usersFinished,
        ...perTurn(before, after),
      };
    };

    const saturation = await measured(() => measureLoad({ ...base, warmSeconds: options.warmSeconds }));
    const fixedRate = await measured(() =>
      measurePacedLoad({ ...base, warmSeconds: Math.min(5, options.warmSeconds), rate: options.fixedRate }),
    );
    return { saturation, fixedRate };
  } finally {
    await server?.stop();
    await botApi.stop();
    await redis.stop();
  }
}

export async function runWebhookComparison(options: WebhookBenchOptions): Promise<WebhookComparison> {
  const ceiling = await runSide('ceiling', options, 1_000_000);
  const peer = await runSide('peer', options, 2_000_000);
  const ours = await runSide('ours', options, 3_000_000);
  return {
    ceiling: ceiling.saturation,
    peer: peer.saturation,
    ours: ours.saturation,
    ceilingAtFixedRate: ceiling.fixedRate,
    peerAtFixedRate: peer.fixedRate,
    oursAtFixedRate: ours.fixedRate,
  };
}
