/**
 * The WeCom access token, shared by every bot process.
 *
 * WeCom rate-limits gettoken and each app has one token valid for `expires_in` seconds (7,200; document 91039), so:
 * one Redis key holds the token and its expiry; a refresh is guarded by a short lock (`SET NX PX`) so only one process
 * calls gettoken while the others poll the key; without Redis an in-process single-flight does the same.
 */
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
}

export interface TokenCache {
  /** The cached token for `app`, or one obtained by `issue()` (called by at most one process at a time). */
  get(app: string, issue: () => Promise<IssuedToken>): Promise<string>;
  /** Forgets `staleToken` (WeCom said it is invalid/expired) unless another process already replaced it. */
  invalidate(app: string, staleToken: string): Promise<void>;
}

export interface TokenCacheOptions {
  redis?: Redis | Cluster;
  /** Key prefix, e.g. REDIS_PREFIX ("jf:"). */
  prefix: string;
  /** Refresh this long before WeCom's expiry so a token never dies in flight. Default 300 s. */
  earlyRefreshSeconds?: number;
  /** How long a refresh may hold the lock. Default 10 s. */
  lockMs?: number;
  /** Poll interval while another process refreshes. Default 50 ms. */
  pollMs?: number;
  now?: () => number;
}

interface StoredToken {
  token: string;
  expiresAt: number;
}

/**
 * KEYS[1] token key; ARGV[1] the stale token.
 * Deletes the key only if it still holds the stale token; returns 1 if deleted, 0 otherwise.
 */
const DELETE_IF_STALE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local ok, stored = pcall(cjson.decode, raw)
if ok and stored.token == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** KEYS[1] lock key; ARGV[1] owner id. Releases the lock only if we still own it; returns 1 if released. */
const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function decode(raw: string | null, nowMs: number): string | undefined {
  if (!raw) return undefined;
  try {
    const stored = JSON.parse(raw) as StoredToken;
    return typeof stored.token === 'string' && stored.expiresAt > nowMs ? stored.token : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @example
 * const tokenCache = createTokenCache({ redis, prefix: 'jf:' });
 * const token = await tokenCache.get('corp:1000002', () => fetchTokenFromWecom());
 */
export function createTokenCache(options: TokenCacheOptions): TokenCache {
  return options.redis ? new RedisTokenCache(options.redis, options) : new MemoryTokenCache(options);
}

function lifetimeMs(issued: IssuedToken, earlyRefreshSeconds: number): number {
  // A token shorter-lived than the margin is still used, for half its life.
  const seconds =
    issued.expiresInSeconds > earlyRefreshSeconds * 2 ? issued.expiresInSeconds - earlyRefreshSeconds : issued.expiresInSeconds / 2;
  return Math.max(1000, Math.floor(seconds * 1000));
}

class RedisTokenCache implements TokenCache {
  private readonly early: number;
  private readonly lockMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly options: TokenCacheOptions,
  ) {
    this.early = options.earlyRefreshSeconds ?? 300;
    this.lockMs = options.lockMs ?? 10_000;
    this.pollMs = options.pollMs ?? 50;
    this.now = options.now ?? Date.now;
  }

  private key(app: string) {
    return `${this.options.prefix}wecom:token:${app}`;
  }

  async get(app: string, issue: () => Promise<IssuedToken>): Promise<string> {
    const key = this.key(app);
    const lockKey = `${key}:lock`;
    const deadline = this.now() + this.lockMs * 3;
    for (;;) {
      const cached = decode(await this.redis.get(key), this.now());
      if (cached) return cached;
      const owner = randomUUID();
      if ((await this.redis.set(lockKey, owner, 'PX', this.lockMs, 'NX')) === 'OK') {
        try {
          // Another process may have stored a fresh token between our read and the lock.
          const raced = decode(await this.redis.get(key), this.now());
          if (raced) return raced;
          const issued = await issue();
          const ttl = lifetimeMs(issued, this.early);
          const stored: StoredToken = { token: issued.token, expiresAt: this.now() + ttl };
          await this.redis.set(key, JSON.stringify(stored), 'PX', ttl);
          return issued.token;
        } finally {
          await this.redis.eval(RELEASE_LOCK, 1, lockKey, owner).catch(() => undefined);
        }
      }
      if (this.now() > deadline) throw new Error('wecom access token: timed out waiting for another process to refresh it');
      await sleep(this.pollMs);
    }
  }

  async invalidate(app: string, staleToken: string): Promise<void> {
    await this.redis.eval(DELETE_IF_STALE, 1, this.key(app), staleToken);
  }
}

class MemoryTokenCache implements TokenCache {
  private readonly tokens = new Map<string, StoredToken>();
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly early: number;
  private readonly now: () => number;

  constructor(options: TokenCacheOptions) {
    this.early = options.earlyRefreshSeconds ?? 300;
    this.now = options.now ?? Date.now;
  }

  async get(app: string, issue: () => Promise<IssuedToken>): Promise<string> {
    const stored = this.tokens.get(app);
    if (stored && stored.expiresAt > this.now()) return stored.token;
    const running = this.inflight.get(app);
    if (running) return running;
    const refresh = (async () => {
      const issued = await issue();
      this.tokens.set(app, { token: issued.token, expiresAt: this.now() + lifetimeMs(issued, this.early) });
      return issued.token;
    })();
    this.inflight.set(app, refresh);
    try {
      return await refresh;
    } finally {
      this.inflight.delete(app);
    }
  }

  async invalidate(app: string, staleToken: string): Promise<void> {
    if (this.tokens.get(app)?.token === staleToken) this.tokens.delete(app);
  }
}
