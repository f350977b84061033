/**
 * The bot as the evaluation talks to it: the server's core loading (`loadCore`) and turn runtime (embedded store, in-process
 * reminders, the rate limit, as src/app/build-app.ts wires them) behind the terminal channel itself, driven in-process.
 * Every message goes in as a typed line and comes back as the text the user reads; the clock is the evaluation's, so
 * each conversation has its own fixed "today".
 */
import { PassThrough, Writable } from 'node:stream';
import { loadAppConfig } from '../../app/config.js';
import { type Core, type CorePaths, loadCore } from '../../app/core.js';
import { runConsoleChat } from '../../channels/console/console-chat.js';
import type { Reply, TurnHandler, TurnResult } from '../../contract/index.js';
import { type DialogState, parseState } from '../../dialog/state.js';
import { rateLimitPolicy } from '../../ratelimit/rate-limit.js';
import { InProcessReminderService } from '../../reminders/index.js';
import { createReminderPort } from '../../runtime/reminder-port.js';
import { createTurnHandler } from '../../runtime/turn-runtime.js';
import { MemorySessionStore } from '../../store/index.js';

/** What one typed line got back. */
export interface HeardTurn {
  /** The replies as the runtime returned them (their kinds tell an answer from a question). */
  replies: Reply[];
  /** What the terminal printed: the text the user reads. */
  text: string;
  /** The stored state after the turn (null: no session). */
  state: DialogState | null;
}

export interface EvalBot {
  core: Core;
  /** Where the core was loaded from (the FAQ entries are read again from `faqDir` to name a reply's entry). */
  paths: CorePaths;
  /** The users' time zone: "today" is the clock's date there. */
  timezone: string;
  /** Starts a conversation of a new user at `startMs`; each message moves the clock on by `stepMs`. */
  open(userId: string, startMs: number): Promise<EvalChat>;
  close(): Promise<void>;
}

export interface EvalChat {
  say(line: string): Promise<HeardTurn>;
  /** The clock now (ms), i.e. the conversation's "today" for re-scoring. */
  now(): number;
  end(): Promise<void>;
}

/** Between two messages of one user: short enough never to offer 继续/重新开始, long enough never to be rate limited. */
const STEP_MS = 30_000;

/** Loads the core once (as the server does at start-up) and wires the runtime around a clock the evaluation sets. */
export function createEvalBot(): EvalBot {
  const config = loadAppConfig({});
  const { base, paths } = config;
  const core = loadCore(paths);
  let now = Date.now();
  const clock = () => now;
  const store = new MemorySessionStore({ ttlSeconds: base.SESSION_TTL_DAYS * 86_400, now: clock });
  const texts = core.texts.reminders;
  // Not started: nothing is ever delivered, so no timers outlive the evaluation.
  const service = new InProcessReminderService({ texts });
  const reminders = createReminderPort({ service, timezone: base.TIMEZONE, texts, clock });
  const runtime = createTurnHandler({
    store,
    rules: core.rules,
    spec: core.spec,
    understand: core.understand,
    faq: core.faq,
    reminders,
    timezone: base.TIMEZONE,
    rateLimit: rateLimitPolicy(base.RATE_LIMIT_MAX, base.RATE_LIMIT_WINDOW_SECONDS, core.texts.ops.slowDown),
    clock,
  });

  return {
    core,
    paths,
    timezone: base.TIMEZONE,
    async open(userId, startMs) {
      now = startMs;
      const chat = new ConsoleChatDriver(runtime, userId, store, () => (now += STEP_MS));
      return { say: (line) => chat.say(line), now: () => now, end: () => chat.end() };
    },
    async close() {
      await service.close();
      await store.close();
    },
  };
}

/**
 * One terminal chat (src/channels/console) fed line by line. A turn is over once the handler's replies have been
 * printed: the chat writes them synchronously right after the handler resolves, before any timer runs.
 */
class ConsoleChatDriver {
  private readonly input = new PassThrough();
  private printed = '';
  private last: TurnResult | undefined;
  /** The runtime threw: the chat has stopped, and every later line fails with this. */
  private failure: Error | undefined;
  private waiting: (() => void) | undefined;
  private readonly done: Promise<number>;

  constructor(
    runtime: TurnHandler,
    private readonly userId: string,
    private readonly store: MemorySessionStore,
    private readonly tick: () => void,
  ) {
    const handler: TurnHandler = {
      handle: async (message) => {
        try {
          this.last = await runtime.handle(message);
          return this.last;
        } catch (err) {
          this.failure = err instanceof Error ? err : new Error(String(err));
          throw err;
        } finally {
          setImmediate(() => this.waiting?.());
        }
      },
    };
    const output = new Writable({
      write: (chunk: Buffer | string, _enc, callback) => {
        this.printed += chunk.toString();
        callback();
      },
    });
    this.done = runConsoleChat({ handler, input: this.input, output, interactive: false, userId });
  }

  async say(line: string): Promise<HeardTurn> {
    const text = line.replace(/\s*\n\s*/g, ' ').trim();
    if (!text) throw new Error('an empty line is not sent by the terminal chat');
    if (this.failure) throw this.failure;
    this.tick();
    this.printed = '';
    this.last = undefined;
    const turnOver = new Promise<void>((resolve) => (this.waiting = resolve));
    this.input.write(`${text}\n`);
    await turnOver;
    this.waiting = undefined;
    if (this.failure) throw this.failure;
    const result = this.last as TurnResult | undefined;
    const replies = result && result.status !== 'duplicate' ? result.replies : [];
    const state = parseState(await this.store.read({ channel: 'console', userId: this.userId }));
    return { replies, text: this.printed.trimEnd(), state };
  }

  async end(): Promise<void> {
    this.input.end();
    await this.done.catch(() => undefined);
  }
}
