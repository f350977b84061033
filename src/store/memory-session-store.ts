/**
 * SessionStore in process memory: the default when REDIS_URL is unset (terminal chat, one process, nothing durable).
 * Same semantics as RedisSessionStore: inactivity expiry, a dedupe window for message ids, the per-user rate window
 * counted after the dedupe, turns in call order (each turn runs to completion synchronously, so call order is apply
 * order without a queue).
 */
import type { RunTurnOptions, SessionKey, SessionStore, TurnCommit, TurnOutcome } from './session-store.js';
import { DEFAULT_DEDUPE_WINDOW_SECONDS, DEFAULT_MAX_SEEN_IDS, DEFAULT_SESSION_TTL_SECONDS } from './defaults.js';
import { userKeys } from './user-keys.js';
import { DEFAULT_OUTBOX_TIMING, type OutboxTiming } from './outbox.js';
import { MemoryOutbox } from './memory-outbox.js';

export interface MemorySessionStoreOptions {
  ttlSeconds?: number;
  dedupeWindowSeconds?: number;
  maxSeenIds?: number;
  /** The clock, in ms since epoch; tests inject one so expiry needs no sleeping. */
  now?: () => number;
  /** The outbox's lease and horizon (see outbox.ts); defaults DEFAULT_OUTBOX_TIMING. */
  outbox?: Partial<OutboxTiming>;
}

interface RateWindow {
  endsAt: number;
  count: number;
}

interface StoredSession {
  data: string;
  touchedAt: number;
  /** The caller's memo of `data` (TurnCommit.memo), until the next turn takes it. */
  memo: unknown;
}

/** Expired entries are also swept every this many turns, so users who never return do not pile up. */
const SWEEP_EVERY_TURNS = 1000;

export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, StoredSession>();
  /** Per user: message id → when it was applied, oldest first (Map insertion order). */
  readonly #seen = new Map<string, Map<string, number>>();
  /** Per user: the current rate window (fixed, from its first message), like the script's PEXPIRE'd counter. */
  readonly #rates = new Map<string, RateWindow>();
  readonly #ttlMs: number;
  readonly #dedupeWindowMs: number;
  readonly #maxSeenIds: number;
  readonly #now: () => number;
  #turnsSinceSweep = 0;
  readonly outbox: MemoryOutbox;

  constructor(options: MemorySessionStoreOptions = {}) {
    this.#ttlMs = (options.ttlSeconds ?? DEFAULT_SESSION_TTL_SECONDS) * 1000;
    this.#dedupeWindowMs = (options.dedupeWindowSeconds ?? DEFAULT_DEDUPE_WINDOW_SECONDS) * 1000;
    this.#maxSeenIds = options.maxSeenIds ?? DEFAULT_MAX_SEEN_IDS;
    this.#now = options.now ?? Date.now;
    if (!(this.#ttlMs > 0) || !(this.#dedupeWindowMs > 0) || !(this.#maxSeenIds >= 1)) {
      throw new RangeError('ttlSeconds, dedupeWindowSeconds and maxSeenIds must be positive');
    }
    const timing = { ...DEFAULT_OUTBOX_TIMING, ...options.outbox };
    if (!(timing.leaseMs > 0) || !(timing.horizonSeconds > 0)) throw new RangeError('outbox leaseMs and horizonSeconds must be positive');
    this.outbox = new MemoryOutbox(timing, this.#now);
  }

  async runTurn<T, M = unknown>(
    key: SessionKey,
    messageId: string | null,
    apply: (current: string | null, memo?: M) => TurnCommit<T, M>,
    options: RunTurnOptions = {},
  ): Promise<TurnOutcome<T>> {
    const id = userKeys('', key).base;
    const now = this.#now();
    if (++this.#turnsSinceSweep >= SWEEP_EVERY_TURNS) this.#sweep(now);

    const seen = this.#liveSeen(id, now);
    if (messageId !== null && seen?.has(messageId)) {
      const pending = this.outbox.takeOver(id, messageId);
      return pending === undefined ? { status: 'duplicate' } : { status: 'duplicate', pending };
    }

    const session = this.#liveSession(id, now);
    // Taken whatever happens next: apply may change it, so it is never handed out twice.
    const memo = session?.memo as M | undefined;
    if (session) session.memo = undefined;
    // apply runs before anything else is changed: if it throws, the stored state is untouched.
    const commit = apply(session?.data ?? null, memo);
    // Same order as the script: dedupe, then (no version check needed in one process) the rate window, then write.
    if (options.rateLimit) {
      const count = this.#count(id, now, options.rateLimit.windowMs);
      if (count > options.rateLimit.max) return { status: 'rate_limited', first: count === options.rateLimit.max + 1 };
    }
    if (commit.next === null) this.#sessions.delete(id);
    else this.#sessions.set(id, { data: commit.next, touchedAt: now, memo: commit.memo });

    if (messageId !== null) {
      this.#remember(id, messageId, now, seen);
      if (commit.outbox) this.outbox.record(id, key, messageId, commit.outbox, commit.outboxAwaitsRedelivery === true);
    }
    return { status: 'applied', result: commit.result };
  }

  async read(key: SessionKey): Promise<string | null> {
    return this.#liveSession(userKeys('', key).base, this.#now())?.data ?? null;
  }

  async forget(key: SessionKey): Promise<void> {
    const id = userKeys('', key).base;
    this.#sessions.delete(id);
    this.#seen.delete(id);
    this.#rates.delete(id);
    this.outbox.erase(id);
  }

  async close(): Promise<void> {
    this.#sessions.clear();
    this.#seen.clear();
    this.#rates.clear();
  }

  /** Counts one message in the user's window (a new window when the last one has ended); returns its number. */
  #count(id: string, now: number, windowMs: number): number {
    const window = this.#rates.get(id);
    if (window && now < window.endsAt) return ++window.count;
    this.#rates.set(id, { endsAt: now + windowMs, count: 1 });
    return 1;
  }

  #liveSession(id: string, now: number): StoredSession | undefined {
    const session = this.#sessions.get(id);
    if (session && now - session.touchedAt >= this.#ttlMs) {
      this.#sessions.delete(id);
      return undefined;
    }
    return session;
  }

  /** The user's seen ids still inside the dedupe window (older ones are dropped here). */
  #liveSeen(id: string, now: number): Map<string, number> | undefined {
    const seen = this.#seen.get(id);
    if (!seen) return undefined;
    for (const [messageId, appliedAt] of seen) {
      if (now - appliedAt < this.#dedupeWindowMs) break;
      seen.delete(messageId);
    }
    if (seen.size === 0) this.#seen.delete(id);
    return seen.size === 0 ? undefined : seen;
  }

  #remember(id: string, messageId: string, now: number, seen: Map<string, number> | undefined): void {
    const ids = seen ?? new Map<string, number>();
    ids.set(messageId, now);
    for (const oldest of ids.keys()) {
      if (ids.size <= this.#maxSeenIds) break;
      ids.delete(oldest);
    }
    this.#seen.set(id, ids);
  }

  #sweep(now: number): void {
    this.#turnsSinceSweep = 0;
    for (const id of [...this.#sessions.keys()]) this.#liveSession(id, now);
    for (const id of [...this.#seen.keys()]) this.#liveSeen(id, now);
    for (const [id, window] of this.#rates) if (now >= window.endsAt) this.#rates.delete(id);
    this.outbox.expire();
  }
}
