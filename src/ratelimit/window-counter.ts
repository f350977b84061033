/**
 * Fixed-window message counters per user. Redis: one key per user on the session's hash tag
 * (`${prefix}{channel:userId}:rl`), so all processes share the count and Redis Cluster keeps it in the user's slot.
 * Memory: the same counting inside one process (no Redis configured, or as the fallback while Redis is down).
 */
import type { Cluster, Redis } from 'ioredis';
import { userKeys, type SessionKey } from '../store/index.js';

export interface WindowCounter {
  /** Counts one message and returns how many the user sent in the current window, this one included. */
  increment(key: SessionKey): Promise<number>;
}

/**
 * KEYS[1] the user's counter; ARGV[1] window length in ms. Returns the count after this message.
 * INCR and PEXPIRE in one script so a counter can never be left without an expiry (which would block the user).
 */
const INCREMENT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
`;

export class RedisWindowCounter implements WindowCounter {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix: string,
    private readonly windowMs: number,
  ) {}

  async increment(key: SessionKey): Promise<number> {
    const counterKey = `${userKeys(this.prefix, key).base}:rl`;
    return Number(await this.redis.eval(INCREMENT_SCRIPT, 1, counterKey, this.windowMs));
  }
}

export class MemoryWindowCounter implements WindowCounter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async increment(key: SessionKey): Promise<number> {
    const id = `${key.channel}:${key.userId}`;
    const now = this.now();
    const current = this.windows.get(id);
    if (!current || now - current.startedAt >= this.windowMs) {
      // Drop expired windows now and then so a stream of one-off users cannot grow the map for ever.
      if (this.windows.size > 10_000) this.sweep(now);
      this.windows.set(id, { startedAt: now, count: 1 });
      return 1;
    }
    current.count += 1;
    return current.count;
  }

  private sweep(now: number): void {
    for (const [id, window] of this.windows) if (now - window.startedAt >= this.windowMs) this.windows.delete(id);
  }
}

/**
 * Redis first; while Redis fails, the in-process counter decides (a flood is still slowed, per process) and
 * `onError` hears about it. Rate limiting must never be the reason a turn fails.
 */
export class FallbackWindowCounter implements WindowCounter {
  constructor(
    private readonly primary: WindowCounter,
    private readonly fallback: WindowCounter,
    private readonly onError: (err: Error) => void = () => {},
  ) {}

  async increment(key: SessionKey): Promise<number> {
    try {
      return await this.primary.increment(key);
    } catch (err) {
      this.onError(err instanceof Error ? err : new Error(String(err)));
      return this.fallback.increment(key);
    }
  }
}
