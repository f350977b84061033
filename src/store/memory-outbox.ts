/**
 * The outbox in process memory, for MemorySessionStore: the same leases, order and horizon as the Redis one (see
 * outbox.ts), so a reply whose send failed is still found by the sweeper; nothing survives the process.
 */
import type { Outbox, OutboxEntry, OutboxLock, OutboxTiming } from './outbox.js';
import type { SessionKey } from './session-store.js';
import { userKeys } from './user-keys.js';

interface StoredEntry {
  payload: string;
  committedAt: number;
  leaseUntil: number;
  key: SessionKey;
  /** Only a redelivery takes it over (TurnCommit.outboxAwaitsRedelivery): the sweeper skips it. */
  awaitsRedelivery: boolean;
  /** Leased by the sweeper (not by a live delivery). */
  sweeping?: boolean;
}

export class MemoryOutbox implements Outbox {
  /** Per user (`userKeys('', key).base`): turn id → entry, in commit order (Map insertion order). */
  readonly #users = new Map<string, Map<string, StoredEntry>>();
  readonly #timing: OutboxTiming;
  readonly #now: () => number;
  #locked = false;

  constructor(timing: OutboxTiming, now: () => number) {
    this.#timing = timing;
    this.#now = now;
  }

  /** Called by the store inside a committed turn: the entry starts leased to the committing caller. */
  record(id: string, key: SessionKey, turnId: string, payload: string, awaitsRedelivery: boolean): void {
    const now = this.#now();
    let entries = this.#users.get(id);
    if (!entries) {
      entries = new Map();
      this.#users.set(id, entries);
    }
    entries.set(turnId, {
      payload,
      committedAt: now,
      leaseUntil: now + this.#timing.leaseMs,
      key: { channel: key.channel, userId: key.userId },
      awaitsRedelivery,
    });
  }

  /** A redelivery of `turnId`: its entry, leased to the caller, when it is still there and its lease ran out. */
  takeOver(id: string, turnId: string): string | undefined {
    const entry = this.#users.get(id)?.get(turnId);
    const now = this.#now();
    if (!entry || entry.leaseUntil > now || this.#expired(entry, now)) return undefined;
    entry.leaseUntil = now + this.#timing.leaseMs;
    entry.sweeping = false;
    return entry.payload;
  }

  /** `forget`: the user's entries go with the rest of their data. */
  erase(id: string): void {
    this.#users.delete(id);
  }

  /** Entries of the one process are always its own: the sweeper leaves a user alone while one is leased. */
  deliveringHere(key: SessionKey): boolean {
    const entries = this.#users.get(userKeys('', key).base);
    if (!entries) return false;
    const now = this.#now();
    for (const entry of entries.values()) if (entry.leaseUntil > now && !entry.sweeping) return true;
    return false;
  }

  acknowledge(key: SessionKey, turnId: string): void {
    const id = userKeys('', key).base;
    const entries = this.#users.get(id);
    if (!entries) return;
    entries.delete(turnId);
    if (entries.size === 0) this.#users.delete(id);
  }

  readonly pendingAcks = 0;

  async flush(): Promise<boolean> {
    return true;
  }

  async *users(): AsyncIterable<SessionKey> {
    for (const entries of [...this.#users.values()]) {
      const first = entries.values().next().value;
      if (first) yield first.key;
    }
  }

  async claimDue(key: SessionKey, minAgeMs: number, leaseMs: number): Promise<OutboxEntry[]> {
    const id = userKeys('', key).base;
    const entries = this.#users.get(id);
    if (!entries) return [];
    const now = this.#now();
    const due: OutboxEntry[] = [];
    for (const [turnId, entry] of entries) {
      if (this.#expired(entry, now)) {
        entries.delete(turnId);
        continue;
      }
      if (entry.awaitsRedelivery) continue;
      if (entry.committedAt > now - minAgeMs || entry.leaseUntil > now) break;
      entry.leaseUntil = now + leaseMs;
      entry.sweeping = true;
      due.push({ turnId, payload: entry.payload, committedAt: entry.committedAt });
    }
    if (entries.size === 0) this.#users.delete(id);
    return due;
  }

  async drop(key: SessionKey): Promise<void> {
    this.#users.delete(userKeys('', key).base);
  }

  async lock(): Promise<OutboxLock | undefined> {
    if (this.#locked) return undefined;
    this.#locked = true;
    return {
      extend: async () => this.#locked,
      release: async () => {
        this.#locked = false;
      },
    };
  }

  /** Drops every entry past the horizon (the store calls it with its own periodic sweep). */
  expire(): void {
    const now = this.#now();
    for (const [id, entries] of this.#users) {
      for (const [turnId, entry] of entries) if (this.#expired(entry, now)) entries.delete(turnId);
      if (entries.size === 0) this.#users.delete(id);
    }
  }

  #expired(entry: StoredEntry, now: number): boolean {
    return now - entry.committedAt > this.#timing.horizonSeconds * 1000;
  }
}
