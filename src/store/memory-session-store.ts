/**
 * SessionStore in process memory: the default when REDIS_URL is unset (terminal chat, one process, nothing durable).
 * Same semantics as RedisSessionStore: inactivity expiry, a dedupe window for message ids, turns in call order
 * (each turn runs to completion synchronously, so call order is apply order without a queue).
 */
import type { SessionKey, SessionStore, TurnCommit, TurnOutcome } from './session-store.js';
import {
  DEFAULT_DEDUPE_WINDOW_SECONDS,
  DEFAULT_MAX_SEEN_IDS,
  DEFAULT_SESSION_TTL_SECONDS,
} from './defaults.js';
import { userKeys } from './user-keys.js';

export interface MemorySessionStoreOptions {
  ttlSeconds?: number;
  dedupeWindowSeconds?: number;
  maxSeenIds?: number;
  /** The clock, in ms since epoch; tests inject one so expiry needs no sleeping. */
  now?: () => number;
}

interface StoredSession {
  data: string;
  touchedAt: number;
}

/** Expired entries are also swept every this many turns, so users who never return do not pile up. */
const SWEEP_EVERY_TURNS = 1000;

export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, StoredSession>();
  /** Per user: message id → when it was applied, oldest first (Map insertion order). */
  readonly #seen = new Map<string, Map<string, number>>();
  readonly #ttlMs: number;
  readonly #dedupeWindowMs: number;
  readonly #maxSeenIds: number;
  readonly #now: () => number;
  #turnsSinceSweep = 0;

  constructor(options: MemorySessionStoreOptions = {}) {
    this.#ttlMs = (options.ttlSeconds ?? DEFAULT_SESSION_TTL_SECONDS) * 1000;
    this.#dedupeWindowMs = (options.dedupeWindowSeconds ?? DEFAULT_DEDUPE_WINDOW_SECONDS) * 1000;
    this.#maxSeenIds = options.maxSeenIds ?? DEFAULT_MAX_SEEN_IDS;
    this.#now = options.now ?? Date.now;
    if (!(this.#ttlMs > 0) || !(this.#dedupeWindowMs > 0) || !(this.#maxSeenIds >= 1)) {
      throw new RangeError('ttlSeconds, dedupeWindowSeconds and maxSeenIds must be positive');
    }
  }

  async runTurn<T>(
    key: SessionKey,
    messageId: string | null,
    apply: (current: string | null) => TurnCommit<T>,
  ): Promise<TurnOutcome<T>> {
    const id = userKeys('', key).base;
    const now = this.#now();
    if (++this.#turnsSinceSweep >= SWEEP_EVERY_TURNS) this.#sweep(now);

    const seen = this.#liveSeen(id, now);
    if (messageId !== null && seen?.has(messageId)) return { status: 'duplicate' };

    // apply runs before anything is changed: if it throws, the store is untouched.
    const commit = apply(this.#liveSession(id, now)?.data ?? null);
    if (commit.next === null) this.#sessions.delete(id);
    else this.#sessions.set(id, { data: commit.next, touchedAt: now });

    if (messageId !== null) this.#remember(id, messageId, now, seen);
    return { status: 'applied', result: commit.result };
  }

  async read(key: SessionKey): Promise<string | null> {
    return this.#liveSession(userKeys('', key).base, this.#now())?.data ?? null;
  }

  async forget(key: SessionKey): Promise<void> {
    const id = userKeys('', key).base;
    this.#sessions.delete(id);
    this.#seen.delete(id);
  }

  async close(): Promise<void> {
    this.#sessions.clear();
    this.#seen.clear();
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
  }
}
