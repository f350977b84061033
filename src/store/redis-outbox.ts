/**
 * The outbox on Redis (see outbox.ts): entries are written by the commit script into `<prefix>{channel:user}:o`, a
 * hash on the session's hash tag; this file leases, acknowledges, lists and drops them.
 *
 * Acknowledgements are one HDEL each, sent without waiting (auto-pipelined with whatever else goes out in the same
 * tick) and retried every quarter second while Redis is unreachable: the reply has left, so nothing may be lost or
 * undone by a stall now; an acknowledgement that never lands would only make the sweeper send a reply again.
 */
import type { Cluster, Redis } from 'ioredis';
import type { Outbox, OutboxEntry, OutboxLock, OutboxTiming } from './outbox.js';
import type { SessionKey } from './session-store.js';
import { CLAIM_DUE_LUA, LOCK_KEEP_LUA } from './outbox-scripts.js';
import { toStoreError } from './errors.js';
import type { ServerClock } from './server-clock.js';
import { userKeyBase, userKeys } from './user-keys.js';
import { OutboxHolds } from './outbox-holds.js';

export interface RedisOutboxOptions {
  redis: Redis | Cluster;
  prefix: string;
  timing: OutboxTiming;
  /** Shared with the session store: maps local time to server time for the claim's deadline. */
  clock: ServerClock;
  /** ms after sending by which a claim must have run (below the client's command timeout); undefined = none. */
  deadlineMs: number | undefined;
}

const ACK_RETRY_MS = 250;
/** How long a delivery of this process keeps its own sweeper away at most (a send that failed stays unacknowledged). */
const HOLD_MS = 60_000;

interface PendingAck {
  key: string;
  turnId: string;
}

export class RedisOutbox implements Outbox {
  readonly #redis: Redis | Cluster;
  readonly #prefix: string;
  readonly #timing: OutboxTiming;
  readonly #clock: ServerClock;
  readonly #deadlineMs: number | undefined;
  /** Acknowledgements sent or waiting to be, by `<outbox key> <turn id>`. */
  readonly #pending = new Map<string, PendingAck>();
  #retry: NodeJS.Timeout | undefined;
  #idle: Array<() => void> = [];
  readonly #holds = new OutboxHolds(HOLD_MS);

  constructor(options: RedisOutboxOptions) {
    this.#redis = options.redis;
    this.#prefix = options.prefix;
    this.#timing = options.timing;
    this.#clock = options.clock;
    this.#deadlineMs = options.deadlineMs;
  }

  /** The store hands entry `turnId` of `key` to a caller of this process (a commit, a take-over). */
  held(key: SessionKey, turnId: string): void {
    this.#holds.hold(userKeyBase(this.#prefix, key), turnId);
  }

  deliveringHere(key: SessionKey): boolean {
    return this.#holds.holds(userKeyBase(this.#prefix, key));
  }

  acknowledge(key: SessionKey, turnId: string): void {
    this.#holds.release(userKeyBase(this.#prefix, key), turnId);
    const outboxKey = userKeys(this.#prefix, key).outbox;
    const id = `${outboxKey} ${turnId}`;
    if (this.#pending.has(id)) return;
    const ack = { key: outboxKey, turnId };
    this.#pending.set(id, ack);
    this.#send(id, ack);
  }

  #send(id: string, ack: PendingAck): void {
    this.#redis.hdel(ack.key, ack.turnId).then(
      () => {
        this.#pending.delete(id);
        if (this.#pending.size === 0) this.#wakeIdle();
      },
      () => {
        // Unreachable or too slow: keep it and send it again soon (HDEL is idempotent, a late first one is harmless).
        this.#retry ??= setTimeout(() => this.#resend(), ACK_RETRY_MS);
      },
    );
  }

  #resend(): void {
    this.#retry = undefined;
    for (const [id, ack] of this.#pending) this.#send(id, ack);
  }

  #wakeIdle(): void {
    const waiting = this.#idle;
    this.#idle = [];
    for (const wake of waiting) wake();
  }

  get pendingAcks(): number {
    return this.#pending.size;
  }

  async flush(timeoutMs: number): Promise<boolean> {
    if (this.#pending.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.#idle.push(resolve)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (this.#pending.size > 0 && this.#retry) {
      // Shutting down: the retry timer must not keep the process alive.
      this.#retry.unref();
    }
    return this.#pending.size === 0;
  }

  async *users(): AsyncIterable<SessionKey> {
    const match = `${escapeGlob(this.#prefix)}{*}:o`;
    const nodes = 'isCluster' in this.#redis && this.#redis.isCluster ? (this.#redis as Cluster).nodes('master') : [this.#redis as Redis];
    for (const node of nodes) {
      const stream = node.scanStream({ match, type: 'hash', count: 1000 });
      for await (const batch of stream as AsyncIterable<string[]>) {
        for (const name of batch) {
          const key = this.#sessionKeyOf(name);
          if (key) yield key;
        }
      }
    }
  }

  /** `<prefix>{telegram:42}:o` → { channel: 'telegram', userId: '42' }; undefined for a key that is not an outbox. */
  #sessionKeyOf(name: string): SessionKey | undefined {
    const tag = name.slice(this.#prefix.length);
    const match = /^\{([a-z][a-z0-9-]*):([^}]*)\}:o$/.exec(tag);
    if (!name.startsWith(this.#prefix) || !match) return undefined;
    try {
      return { channel: match[1] as SessionKey['channel'], userId: decodeURIComponent(match[2]!) };
    } catch {
      return undefined;
    }
  }

  async claimDue(key: SessionKey, minAgeMs: number, leaseMs: number): Promise<OutboxEntry[]> {
    const deadline = this.#deadlineMs === undefined ? 0 : (this.#clock.toServerMicros(this.#clock.now() + this.#deadlineMs) ?? 0);
    let raw: unknown;
    try {
      raw = await this.#redis.eval(
        CLAIM_DUE_LUA,
        1,
        userKeys(this.#prefix, key).outbox,
        String(Math.round(minAgeMs)),
        String(Math.round(leaseMs)),
        String(this.#timing.horizonSeconds * 1000),
        String(deadline),
      );
    } catch (err) {
      throw toStoreError(err);
    }
    const flat = raw as string[];
    const entries: OutboxEntry[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3) {
      entries.push({ turnId: flat[i]!, committedAt: Number(flat[i + 1]), payload: flat[i + 2]! });
    }
    return entries;
  }

  async drop(key: SessionKey): Promise<void> {
    try {
      await this.#redis.del(userKeys(this.#prefix, key).outbox);
    } catch (err) {
      throw toStoreError(err);
    }
  }

  async lock(ms: number): Promise<OutboxLock | undefined> {
    const lockKey = `${this.#prefix}outbox:sweeper`;
    const token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
    const taken = await this.#redis.set(lockKey, token, 'PX', Math.round(ms), 'NX');
    if (taken !== 'OK') return undefined;
    const keep = async (ttl: number) => Number(await this.#redis.eval(LOCK_KEEP_LUA, 1, lockKey, token, String(Math.round(ttl)))) === 1;
    return {
      extend: (next) => keep(next),
      release: async () => {
        await keep(0);
      },
    };
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
