/**
 * What the kf channel keeps per kf account in Redis, all on the account's hash tag `{kf:<open_kfid>}` (one Cluster
 * slot, so a script may touch them together):
 *
 * | key | what | TTL |
 * |---|---|---|
 * | `:cursor` | the last `next_cursor` of `kf/sync_msg` (losing it re-reads the last 3 days, document 94670) | none |
 * | `:pull` | the pull lock: one pull at a time per account across processes (same cursor → same batch) | lockMs, renewed |
 * | `:pending` | the newest callback Token: news to pull; taken by the lock holder | 10 min (the Token's life) |
 * | `:seen` | sorted set msgid → when handled: a re-read after a crash answers nothing twice | entries older than 4 days trimmed |
 */
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/** sync_msg reads only the last 3 days (document 94670); ids are kept a day longer. */
const SEEN_KEEP_MS = 4 * 24 * 3600 * 1000;
/** The callback Token is valid for 10 minutes (document 94670). */
const TOKEN_LIFE_MS = 10 * 60 * 1000;
/** Stands for "news without a Token" (a pull without one is allowed, only rate-limited harder). */
const NO_TOKEN = '-';

/**
 * KEYS[1] pending; returns the pending token (or false) and deletes it: GETDEL, kept as a script so Redis < 6.2 works.
 */
const TAKE_PENDING = `
local v = redis.call('GET', KEYS[1])
if v then redis.call('DEL', KEYS[1]) end
return v`;

/** KEYS[1] lock; ARGV[1] owner, ARGV[2] ttl ms. Extends the lock if we still own it; returns 1 if so. */
const RENEW_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/** KEYS[1] lock; ARGV[1] owner. Releases the lock only if we still own it. */
const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** KEYS[1] seen; ARGV[1] now ms, ARGV[2] keep ms, ARGV[3..] msgids. Records them as handled and trims old ones. */
const MARK_SEEN = `
local now = tonumber(ARGV[1])
for i = 3, #ARGV do redis.call('ZADD', KEYS[1], now, ARGV[i]) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
return 1`;

export interface PullLock {
  /** false once the lock was lost (expired and taken by another process). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

export interface AccountState {
  /** Records news for `openKfid` (the newest Token replaces an older one). */
  markPending(openKfid: string, token: string | undefined): Promise<void>;
  /** Takes the pending news: the Token ('' when the news came without one), or undefined when there is none. */
  takePending(openKfid: string): Promise<string | undefined>;
  hasPending(openKfid: string): Promise<boolean>;
  tryLock(openKfid: string): Promise<PullLock | undefined>;
  cursor(openKfid: string): Promise<string | undefined>;
  saveCursor(openKfid: string, cursor: string): Promise<void>;
  /** Which of `msgids` were handled already. */
  seen(openKfid: string, msgids: string[]): Promise<Set<string>>;
  markSeen(openKfid: string, msgids: string[]): Promise<void>;
}

export interface AccountStateOptions {
  redis: Redis | Cluster;
  prefix: string;
  /** How long the pull lock lives without renewal. Default 30 s. */
  lockMs?: number;
  now?: () => number;
}

/** `${prefix}{kf:<open_kfid>}`: append `:<suffix>` for a per-account key. */
export function accountKeyBase(prefix: string, openKfid: string): string {
  return `${prefix}{kf:${encodeURIComponent(openKfid)}}`;
}

/**
 * @example
 * const state = createAccountState({ redis, prefix: 'jf:' });
 * await state.markPending('wkAJ2GCAAA', callbackToken);
 */
export function createAccountState(options: AccountStateOptions): AccountState {
  const { redis, prefix } = options;
  const lockMs = options.lockMs ?? 30_000;
  const now = options.now ?? Date.now;
  const key = (openKfid: string, suffix: string) => `${accountKeyBase(prefix, openKfid)}:${suffix}`;

  return {
    async markPending(openKfid, token) {
      await redis.set(key(openKfid, 'pending'), token || NO_TOKEN, 'PX', TOKEN_LIFE_MS);
    },
    async takePending(openKfid) {
      const value = (await redis.eval(TAKE_PENDING, 1, key(openKfid, 'pending'))) as string | null;
      if (value === null || value === undefined) return undefined;
      return value === NO_TOKEN ? '' : value;
    },
    async hasPending(openKfid) {
      return (await redis.exists(key(openKfid, 'pending'))) === 1;
    },
    async tryLock(openKfid) {
      const lockKey = key(openKfid, 'pull');
      const owner = randomUUID();
      if ((await redis.set(lockKey, owner, 'PX', lockMs, 'NX')) !== 'OK') return undefined;
      return {
        renew: async () => Number(await redis.eval(RENEW_LOCK, 1, lockKey, owner, lockMs)) === 1,
        release: async () => {
          await redis.eval(RELEASE_LOCK, 1, lockKey, owner);
        },
      };
    },
    async cursor(openKfid) {
      return (await redis.get(key(openKfid, 'cursor'))) ?? undefined;
    },
    async saveCursor(openKfid, cursor) {
      await redis.set(key(openKfid, 'cursor'), cursor);
    },
    async seen(openKfid, msgids) {
      if (msgids.length === 0) return new Set();
      const scores = await redis.zmscore(key(openKfid, 'seen'), ...msgids);
      return new Set(msgids.filter((_, i) => scores[i] !== null));
    },
    async markSeen(openKfid, msgids) {
      if (msgids.length === 0) return;
      await redis.eval(MARK_SEEN, 1, key(openKfid, 'seen'), now(), SEEN_KEEP_MS, ...msgids);
    },
  };
}
