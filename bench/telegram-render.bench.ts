/**
 * `npx tsx bench/telegram-render.bench.ts [render|handle|sequencers]`: CPU of the Telegram adapter's own share of a
 * webhook turn.
 *
 * - render: the replies of real intake turns (the dialog driven by `oursConversation` on a MemorySessionStore,
 *   collected once, outside the timing) through `renderReplies` and, for a one-message turn, the webhook reply body.
 * - handle: `bot.handleUpdate` of `createTelegramBot` with a stub TurnHandler (one fixed question, as
 *   bench/webhook/servers/adapter.ts answers) and the webhook reply taken, so no Bot API request is made; 32 chats'
 *   updates run concurrently, as a loaded server sees them.
 * - sequencers: what per-chat sequencing costs a grammY bot (one async middleware behind it), in one process, the
 *   variants interleaved: none, @grammyjs/runner's `sequentialize` (what bot.ts uses), a SerialQueue middleware, and
 *   a SerialQueue folded into the one middleware. Decides whether replacing `sequentialize` is worth it (>= 1 µs).
 *
 * Prints one JSON line per part: median CPU ns per turn over the rounds, and (under `node --expose-gc`) KB allocated per
 * turn. Compare before/after copies by running them alternately, several times each.
 */
import { sequentialize } from '@grammyjs/runner';
import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { webhookReplyBody, watchCommit } from '../src/channels/telegram/commit-signal.js';
import { createTelegramBot } from '../src/channels/telegram/bot.js';
import { chatKeyOf } from '../src/channels/telegram/inbound.js';
import { renderReplies } from '../src/channels/telegram/render.js';
import { telegramTexts } from '../src/channels/telegram/texts.js';
import type { InboundMessage, Reply, TurnResult } from '../src/contract/index.js';
import { loadCore } from '../src/app/core.js';
import { createTurnHandler } from '../src/runtime/turn-runtime.js';
import { MemorySessionStore } from '../src/store/index.js';
import { SerialQueue } from '../src/store/serial-queue.js';
import { TEST_BOT_INFO, TEST_BOT_TOKEN } from '../test/support/telegram-api-server.js';
import { oursConversation, textUpdate } from './webhook/updates.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const part = process.argv[2] ?? 'all';
const gc = (globalThis as { gc?: () => void }).gc;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs `round` ROUNDS times after two warm-up rounds (`prepare` before each, off the clock); ns per turn (median) and bytes allocated per turn (median). */
async function measure(
  turnsPerRound: number,
  round: () => unknown,
  prepare: () => void = () => {},
): Promise<{ nsPerTurn: number; kbPerTurn?: number }> {
  prepare();
  await round();
  prepare();
  await round();
  const times: number[] = [];
  const bytes: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    prepare();
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    // Process CPU time rather than wall time: steadier on a machine other work shares.
    const started = process.cpuUsage();
    await round();
    const cpu = process.cpuUsage(started);
    times.push(((cpu.user + cpu.system) * 1000) / turnsPerRound);
    // Meaningful only when the young generation holds a whole round (run with --max-semi-space-size=256).
    if (gc) bytes.push((process.memoryUsage().heapUsed - heapBefore) / turnsPerRound);
  }
  return { nsPerTurn: Math.round(median(times)), ...(gc ? { kbPerTurn: Math.round(median(bytes) / 102.4) / 10 } : {}) };
}

async function renderPart(): Promise<void> {
  const handler = createTurnHandler({ ...loadCore(), store: new MemorySessionStore({}) });
  const turns: Reply[][] = [];
  let messageId = 0;
  for (let u = 0; u < 200; u++) {
    for (const text of oursConversation(u)) {
      const command = text.startsWith('/') ? text.slice(1) : undefined;
      const message: InboundMessage = {
        channel: 'telegram',
        userId: `u${u}`,
        chatId: `u${u}`,
        messageId: String(messageId++),
        text: command ? '' : text,
        ...(command ? { command } : {}),
        sentAt: Date.now(),
      };
      const result = await handler.handle(message);
      if (result.status === 'applied') turns.push(result.replies);
    }
  }
  const texts = telegramTexts();
  let sink = 0;
  const round = () => {
    for (const replies of turns) {
      const { messages } = renderReplies(replies, texts);
      sink += messages.length === 1 ? webhookReplyBody('123456789', messages[0]!).length : messages.length;
    }
  };
  const result = await measure(turns.length, round);
  console.log(JSON.stringify({ bench: 'telegram-render', turns: turns.length, ...result, sink: sink > 0 }));
}

async function handlePart(): Promise<void> {
  const question: Reply = {
    kind: 'question',
    text: '记下了：上海，电工四级。\n您交社保几年了？',
    choices: Object.freeze([
      Object.freeze({ label: '不到 1 年', value: 'years:0' }),
      Object.freeze({ label: '1-3 年', value: 'years:1' }),
      Object.freeze({ label: '3-5 年', value: 'years:3' }),
      Object.freeze({ label: '5 年以上', value: 'years:5' }),
    ]) as Reply['choices'],
  };
  const answer: TurnResult = { status: 'applied', replies: [question] };
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const { bot } = createTelegramBot({
    config: {
      TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: 'bench',
      // Never called: every turn's one message leaves as the webhook reply.
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
      TELEGRAM_WEBHOOK_REPLY: true,
    },
    handler: { handle: () => Promise.resolve(answer) },
    logger: silent,
    botInfo: TEST_BOT_INFO as never,
  });
  await bot.init();
  const PER_ROUND = 20_000;
  const CONCURRENT = 32;
  let updateId = 1;
  let bodies = 0;
  const takesReply = () => true;
  const onCommit = (reply: unknown) => {
    if (reply !== undefined) bodies++;
  };
  let updates: Update[] = [];
  // Fresh objects every round, as the webhook hands handleUpdate a freshly parsed body.
  const prepare = () => {
    updates = [];
    for (let i = 0; i < PER_ROUND; i++) updates.push(JSON.parse(textUpdate(updateId++, 1000 + (i % 500), '上海', 1_700_000_000)) as Update);
  };
  const round = async () => {
    for (let i = 0; i < PER_ROUND; i += CONCURRENT) {
      const batch: Promise<void>[] = [];
      for (let j = i; j < i + CONCURRENT; j++) {
        watchCommit(updates[j]!, onCommit, takesReply);
        batch.push(bot.handleUpdate(updates[j]!));
      }
      await Promise.all(batch);
    }
  };
  const result = await measure(PER_ROUND, round, prepare);
  if (bodies === 0) throw new Error('no webhook reply was produced');
  console.log(JSON.stringify({ bench: 'telegram-handle-update', updates: PER_ROUND, ...result }));
}

async function sequencersPart(): Promise<void> {
  const PER_ROUND = 20_000;
  const CONCURRENT = 32;
  const work = async () => {
    await Promise.resolve();
  };
  const bot = () => new Bot(TEST_BOT_TOKEN, { botInfo: TEST_BOT_INFO as never, client: { apiRoot: 'http://127.0.0.1:9' } });
  const none = bot();
  none.use(work);
  const runner = bot();
  runner.use(sequentialize((ctx) => chatKeyOf(ctx.update)));
  runner.use(work);
  const queue = bot();
  const chats = new SerialQueue();
  queue.use((ctx, next) => {
    const chat = chatKeyOf(ctx.update);
    return chat === undefined ? next() : chats.run(chat, next);
  });
  queue.use(work);
  const folded = bot();
  const foldedChats = new SerialQueue();
  folded.use((ctx) => {
    const chat = chatKeyOf(ctx.update);
    return chat === undefined ? work() : foldedChats.run(chat, work);
  });
  const variants = { none, sequentialize: runner, serialQueue: queue, serialQueueFolded: folded };
  let updateId = 1;
  const roundOf = async (variant: Bot): Promise<number> => {
    const updates: Update[] = [];
    for (let i = 0; i < PER_ROUND; i++) updates.push(JSON.parse(textUpdate(updateId++, 1000 + (i % 500), '上海', 1_700_000_000)) as Update);
    const started = process.cpuUsage();
    for (let i = 0; i < PER_ROUND; i += CONCURRENT) {
      const batch: Promise<void>[] = [];
      for (let j = i; j < i + CONCURRENT; j++) batch.push(variant.handleUpdate(updates[j]!));
      await Promise.all(batch);
    }
    const cpu = process.cpuUsage(started);
    return ((cpu.user + cpu.system) * 1000) / PER_ROUND;
  };
  const times: Record<string, number[]> = {};
  for (let r = -2; r < ROUNDS * 2; r++) {
    for (const [name, variant] of Object.entries(variants)) {
      const ns = await roundOf(variant);
      if (r >= 0) (times[name] ??= []).push(ns);
    }
  }
  const nsPerUpdate = Object.fromEntries(Object.entries(times).map(([name, values]) => [name, Math.round(median(values))]));
  console.log(JSON.stringify({ bench: 'telegram-sequencers', updates: PER_ROUND, nsPerUpdate }));
}

if (part === 'render' || part === 'all') await renderPart();
if (part === 'handle' || part === 'all') await handlePart();
if (part === 'sequencers' || part === 'all') await sequencersPart();
