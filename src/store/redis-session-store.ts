/**
 * SessionStore on Redis, for production and for several bot processes sharing one Redis.
 *
 * A steady-state turn costs one round trip: the state is taken from an in-process cache, `apply` runs locally, and
 * one EVALSHA commits it only if the session is still at the cached version (see commit-turn-script.ts). When another
 * process moved the session on, the script answers with the current state and the turn is re-applied on it.
 * Inside one process a per-user FIFO keeps turns in call order; across processes the version check keeps every turn.
 * Every commit carries a deadline in server time, shortly before the client's command timeout: a commit Redis only
 * gets to after we answered "try again" (a stalled server) writes nothing, so the redelivery is applied and answered.
 */
import type { Cluster, Redis } from 'ioredis';
import type { RunTurnOptions, SessionKey, SessionStore, TurnCommit, TurnOutcome } from './session-store.js';
import { DEFAULT_DEDUPE_WINDOW_SECONDS, DEFAULT_MAX_SEEN_IDS, DEFAULT_SESSION_TTL_SECONDS } from './defaults.js';
import { COMMIT_TURN_LUA, COMMIT_TURN_SHA, parseCommitReply, type SessionSnapshot } from './commit-turn-script.js';
import { StoreUnavailableError, toStoreError } from './errors.js';
import { LruCache } from '../cache/lru-cache.js';
import { ServerClock } from './server-clock.js';
import { SerialQueue } from './serial-queue.js';
import { userKeyBase, userKeys, type UserKeys } from './user-keys.js';
import { DEFAULT_OUTBOX_TIMING, type OutboxTiming } from './outbox.js';
import { RedisOutbox } from './redis-outbox.js';

export interface RedisSessionStoreOptions {
  redis: Redis | Cluster;
  /** Prefix of every key, e.g. `jf:`. */
  prefix?: string;
  /** A session expires after this long without a turn. Default 30 days. */
  ttlSeconds?: number;
  /** A redelivered message id is recognised for this long. Default 24 h. */
  dedupeWindowSeconds?: number;
  /** At most this many message ids are remembered per user. Default 100 (see defaults.ts for why). */
  maxSeenIds?: number;
  /** How many users' states are cached in this process. Default 10,000. */
  maxCachedSessions?: number;
  /** Commits attempted per turn before giving up with StoreUnavailableError('contention'). Default 16. */
  maxAttempts?: number;
  /** Quit the Redis connection on close(): true when the store created it. Default false. */
  ownsClient?: boolean;
  /**
   * A commit that Redis starts running later than this many ms after it was sent writes nothing and fails as
   * unavailable. Must be below the client's command timeout, so a commit the caller stopped waiting for never lands.
   * Default: the client's `commandTimeout` minus 500 ms; no deadline when the client has no command timeout.
   */
  commitDeadlineMs?: number;
  /** Tests only: the clock mapping local time to server time. */
  serverClock?: ServerClock;
  /** The outbox's lease and horizon (see outbox.ts); defaults DEFAULT_OUTBOX_TIMING. */
  outbox?: Partial<OutboxTiming>;
}

const MAX_BACKOFF_MS = 100;

const NO_SESSION: SessionSnapshot = { version: 0, data: null };

/** What this process remembers of a user between turns: their keys (built once, not per turn) and their last state. */
interface CachedUser {
  keys: UserKeys;
  snapshot: SessionSnapshot;
  /** The caller's memo of `snapshot.data` (TurnCommit.memo): set only with a snapshot this process committed. */
  memo: unknown;
}

/** The script's ARGV[5] (the store's constants and the rate limit, packed), with the rate limit it encodes. */
interface LimitsArg {
  packed: string;
  limit: number;
  window: number;
}

/** How much earlier than the client's command timeout the server-side deadline falls (clock bound error, transit). */
const DEADLINE_MARGIN_MS = 500;

export class RedisSessionStore implements SessionStore {
  readonly #redis: Redis | Cluster;
  readonly #prefix: string;
  readonly #ttlSeconds: number;
  readonly #dedupeWindowSeconds: number;
  readonly #maxSeenIds: number;
  readonly #maxAttempts: number;
  readonly #ownsClient: boolean;
  readonly #cache: LruCache<CachedUser>;
  /** ARGV[5] without a rate limit: built once, like the rate-limited one, instead of on every commit. */
  readonly #unlimited: LimitsArg;
  /** The last rate limit seen: callers pass the same policy on every turn, so it is validated and converted once. */
  #lastRate: LimitsArg | undefined;
  readonly #queue = new SerialQueue();
  readonly #deadlineMs: number | undefined;
  readonly #clock: ServerClock;
  readonly #outboxTiming: OutboxTiming;
  #clockSync: Promise<void> | undefined;
  readonly outbox: RedisOutbox;

  constructor(options: RedisSessionStoreOptions) {
    this.#redis = options.redis;
    this.#prefix = options.prefix ?? 'jf:';
    this.#ttlSeconds = positiveInteger('ttlSeconds', options.ttlSeconds ?? DEFAULT_SESSION_TTL_SECONDS);
    this.#dedupeWindowSeconds = positiveInteger('dedupeWindowSeconds', options.dedupeWindowSeconds ?? DEFAULT_DEDUPE_WINDOW_SECONDS);
    this.#maxSeenIds = positiveInteger('maxSeenIds', options.maxSeenIds ?? DEFAULT_MAX_SEEN_IDS);
    this.#maxAttempts = positiveInteger('maxAttempts', options.maxAttempts ?? 16);
    this.#ownsClient = options.ownsClient ?? false;
    this.#cache = new LruCache(positiveInteger('maxCachedSessions', options.maxCachedSessions ?? 10_000));
    this.#deadlineMs =
      options.commitDeadlineMs === undefined
        ? defaultDeadlineMs(this.#redis)
        : positiveInteger('commitDeadlineMs', options.commitDeadlineMs);
    this.#clock = options.serverClock ?? new ServerClock();
    const timing = { ...DEFAULT_OUTBOX_TIMING, ...options.outbox };
    this.#outboxTiming = {
      leaseMs: positiveInteger('outbox.leaseMs', timing.leaseMs),
      horizonSeconds: positiveInteger('outbox.horizonSeconds', timing.horizonSeconds),
    };
    this.outbox = new RedisOutbox({
      redis: this.#redis,
      prefix: this.#prefix,
      timing: this.#outboxTiming,
      clock: this.#clock,
      deadlineMs: this.#deadlineMs,
    });
    this.#unlimited = this.#limitsArg(0, 0);
  }

  // Not `async`: an idle user's turn starts synchronously (see SerialQueue), and the queue's promise is returned as is.
  runTurn<T, M = unknown>(
    key: SessionKey,
    messageId: string | null,
    apply: (current: string | null, memo?: M) => TurnCommit<T, M>,
    options: RunTurnOptions = {},
  ): Promise<TurnOutcome<T>> {
    let base: string;
    let rate: LimitsArg;
    try {
      base = userKeyBase(this.#prefix, key);
      rate = this.#rateArgs(options);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.#queue.run(base, () => this.#commitTurn(base, key, messageId, apply, rate));
  }

  async #commitTurn<T, M>(
    cacheKey: string,
    key: SessionKey,
    messageId: string | null,
    apply: (current: string | null, memo?: M) => TurnCommit<T, M>,
    rate: LimitsArg,
  ): Promise<TurnOutcome<T>> {
    // A cold cache assumes no session: right for a new user; a returning one costs one conflict round trip.
    // `peek`, not `get`: every way out below but an error `set`s the entry again, which makes it the most recent.
    const user: CachedUser = this.#cache.peek(cacheKey) ?? { keys: userKeys(this.#prefix, key), snapshot: NO_SESSION, memo: undefined };
    const { keys } = user;
    // Taken whatever this turn's outcome: apply may change it, so only the snapshot an `ok` commits gets one again.
    let memo = user.memo as M | undefined;
    user.memo = undefined;
    for (let attempt = 0; attempt < this.#maxAttempts; attempt++) {
      const commit = apply(user.snapshot.data, memo);
      memo = undefined;
      let reply;
      try {
        // Known after the first commit: only a process's first turns wait for the clock.
        const deadline = this.#deadlineArg() ?? (await this.#deadlineAfterClockSync());
        // KEYS then ARGV as one array: ioredis flattens it, so EVALSHA and the NOSCRIPT retry share it.
        const keysAndArgv = [
          keys.state,
          keys.seen,
          keys.rate,
          keys.outbox,
          messageId ?? '',
          String(user.snapshot.version),
          commit.next === null ? '0' : '1',
          commit.next ?? '',
          rate.packed,
          deadline,
          commit.outbox === undefined ? '' : (commit.outboxAwaitsRedelivery ? 'r' : 's') + commit.outbox,
        ];
        let raw: unknown;
        try {
          // A plain command, not defineCommand: it auto-pipelines like any other and on Cluster routes by KEYS[1],
          // without the copied arguments, second promise and per-call closures of ioredis' Script (~1 KB a commit).
          raw = await this.#redis.evalsha(COMMIT_TURN_SHA, 4, keysAndArgv);
        } catch (err) {
          // A restarted or flushed Redis (or a new cluster node) lost the script: one EVAL runs it and caches it again.
          // It keeps the first deadline (earlier than its own): a retry nobody waits for still writes nothing.
          if (!isNoScriptError(err)) throw err;
          raw = await this.#redis.eval(COMMIT_TURN_LUA, 4, keysAndArgv);
        }
        reply = parseCommitReply(raw);
        this.#clock.observe(reply.serverMicros);
      } catch (err) {
        // The commit may or may not have landed (e.g. a timeout after the server ran it): re-read next time.
        this.#cache.delete(cacheKey);
        throw toStoreError(err);
      }
      switch (reply.status) {
        case 'ok':
          if (messageId !== null && commit.outbox !== undefined) this.outbox.held(key, messageId);
          user.snapshot = commit.next === null ? NO_SESSION : { version: reply.version, data: commit.next };
          user.memo = commit.next === null ? undefined : commit.memo;
          this.#cache.set(cacheKey, user);
          return { status: 'applied', result: commit.result };
        case 'late':
          // Redis ran the commit after the client had given up on it (a stall): nothing was written, and the caller
          // must not report success. Same as a timeout for the caller: retry the message.
          this.#cache.set(cacheKey, user);
          throw new StoreUnavailableError('unreachable', 'session store too slow: the commit reached Redis after its deadline');
        case 'limited':
          // Nothing was written: the cached snapshot is still the stored one.
          this.#cache.set(cacheKey, user);
          return { status: 'rate_limited', first: reply.count === rate.limit + 1 };
        case 'dup':
          user.snapshot = reply.current;
          this.#cache.set(cacheKey, user);
          if (reply.pending === undefined) return { status: 'duplicate' };
          this.outbox.held(key, messageId!);
          return { status: 'duplicate', pending: reply.pending };
        case 'conflict':
          user.snapshot = reply.current;
          this.#cache.set(cacheKey, user);
          // The first conflict is usually just a cold or stale cache: retry at once. Repeated ones mean another
          // process is busy with the same user; a random, growing pause lets it finish instead of both colliding.
          if (attempt > 0) await sleep(Math.random() * Math.min(2 ** attempt, MAX_BACKOFF_MS));
      }
    }
    throw new StoreUnavailableError('contention', `session changed by other processes ${this.#maxAttempts} times in a row; try again`);
  }

  /**
   * ARGV[6] for a commit sent now: "0" without a deadline; undefined while the server clock is not known yet.
   * Synchronous on purpose: awaiting it cost every turn a promise and a microtask hop for the rare first turns.
   */
  #deadlineArg(): string | undefined {
    if (this.#deadlineMs === undefined) return '0';
    const deadline = this.#clock.toServerMicros(this.#clock.now() + this.#deadlineMs);
    return deadline === undefined ? undefined : String(deadline);
  }

  /**
   * Learns the server clock with one TIME (afterwards every commit reply refreshes it), shared by the turns that
   * start together, then answers as `#deadlineArg`.
   */
  async #deadlineAfterClockSync(): Promise<string> {
    this.#clockSync ??= this.#syncClock().finally(() => {
      this.#clockSync = undefined;
    });
    await this.#clockSync;
    const sentAt = this.#clock.now();
    return String(this.#clock.toServerMicros(sentAt + this.#deadlineMs!));
  }

  /** The script's ARGV[5] for this rate limit, validated and built when the limit changes. */
  #rateArgs(options: RunTurnOptions): LimitsArg {
    const limit = options.rateLimit;
    if (!limit) return this.#unlimited;
    const last = this.#lastRate;
    if (last !== undefined && limit.max === last.limit && limit.windowMs === last.window) return last;
    positiveInteger('rateLimit.max', limit.max);
    positiveInteger('rateLimit.windowMs', limit.windowMs);
    this.#lastRate = this.#limitsArg(limit.max, limit.windowMs);
    return this.#lastRate;
  }

  /** One argument instead of five: each argument costs the client a length prefix and the Command some work. */
  #limitsArg(rateMax: number, rateWindowMs: number): LimitsArg {
    const { horizonSeconds, leaseMs } = this.#outboxTiming;
    const packed = `${this.#ttlSeconds} ${this.#dedupeWindowSeconds} ${this.#maxSeenIds} ${rateMax} ${rateWindowMs} ${horizonSeconds} ${leaseMs}`;
    return { packed, limit: rateMax, window: rateWindowMs };
  }

  async #syncClock(): Promise<void> {
    const [seconds, micros] = await this.#redis.time();
    this.#clock.observe(Number(seconds) * 1_000_000 + Number(micros));
  }

  async read(key: SessionKey): Promise<string | null> {
    const keys = userKeys(this.#prefix, key);
    let raw: string | null;
    try {
      raw = await this.#redis.get(keys.state);
    } catch (err) {
      throw toStoreError(err);
    }
    const snapshot = raw === null ? NO_SESSION : parseStoredState(raw);
    return snapshot.data;
  }

  /** Deletes the state, the seen message ids, the counters and the outbox, after any turn of theirs running here. */
  forget(key: SessionKey): Promise<void> {
    const keys = userKeys(this.#prefix, key);
    return this.#queue.run(keys.base, async () => {
      this.#cache.delete(keys.base);
      try {
        // All these keys share the user's hash tag, so one DEL is valid on Redis Cluster too.
        await this.#redis.del(keys.state, keys.seen, keys.outbox, ...keys.counters);
      } catch (err) {
        throw toStoreError(err);
      }
    });
  }

  async close(): Promise<void> {
    await this.outbox.flush(1000);
    if (!this.#ownsClient) return;
    try {
      await this.#redis.quit();
    } catch {
      this.#redis.disconnect();
    }
  }
}

/** The stored form is `<version>:<state>`: one string key is ~25% smaller than a hash once the state passes 64 bytes. */
function parseStoredState(raw: string): SessionSnapshot {
  const sep = raw.indexOf(':');
  if (sep <= 0) throw new Error('stored session is malformed (no version prefix)');
  return { version: Number(raw.slice(0, sep)), data: raw.slice(sep + 1) };
}

/** The client's command timeout minus the margin; undefined (no deadline) when commands wait for ever. */
function defaultDeadlineMs(redis: Redis | Cluster): number | undefined {
  const timeout =
    'isCluster' in redis && redis.isCluster
      ? (redis as Cluster).options.redisOptions?.commandTimeout
      : (redis as Redis).options.commandTimeout;
  if (!timeout || timeout <= 0) return undefined;
  return Math.max(timeout - DEADLINE_MARGIN_MS, Math.ceil(timeout / 2));
}

function isNoScriptError(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('NOSCRIPT');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
