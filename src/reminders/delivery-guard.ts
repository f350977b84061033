/**
 * Redis state that makes delivery safe with several workers: per-chat rate windows and a delivery marker per reminder.
 * Every key holds a hash tag so each script touches one Redis Cluster slot; the spacing keys carry the user's own tag
 * (`userKeys`), so they sit next to the session and reminder index and /forget erases them with the index.
 */
import type { Cluster, Redis } from 'ioredis';
import type { ChannelId } from '../contract/index.js';
import { userKeys } from '../store/user-keys.js';
import type { ChannelRateLimits } from './types.js';

/**
 * Per-recipient spacing with reservations. Reminders go to the user's own chat (a WeCom member; a Telegram private
 * chat, whose id is the user's), so the spacing is kept per user. Each user has a "next free" time; a request takes
 * the next free slot and pushes it one interval on. A request that must wait gets its slot *reserved* (the reminder id
 * in a sorted set, scored by when the reservation lapses), so when the job comes back it sends at once instead of
 * competing again with the user's other pending reminders (no thundering herd, and each reminder passes the global
 * limiter at most twice). Spacing by windowMs ÷ max keeps every window (Telegram 1/s per chat; WeCom 30/min and
 * 1000/h per member) within its limit in any sliding window.
 *   KEYS[1]  P{<channel>:<uid>}:rp    the user's next free time (ms, Redis clock)
 *   KEYS[2]  P{<channel>:<uid>}:rph   reservations: sorted set of reminder ids, scored by lapse time (ms)
 *   ARGV[1]  spacing interval in ms
 *   ARGV[2]  the reminder id
 *   returns  0 = send now (a fresh slot, or the reservation made earlier); otherwise ms to wait, slot reserved
 */
const TAKE_CHAT_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZREM', KEYS[2], ARGV[2]) == 1 then return 0 end
local interval = tonumber(ARGV[1])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nextFree)
redis.call('SET', KEYS[1], slot + interval, 'PX', slot + interval - now + 1000)
local wait = slot - now
if wait > 0 then
  local lapse = wait + 600000
  redis.call('ZADD', KEYS[2], now + lapse, ARGV[2])
  if redis.call('PTTL', KEYS[2]) < lapse then redis.call('PEXPIRE', KEYS[2], lapse) end
end
return wait
`;

/**
 * Releases a delivery claim only if it is still ours (a transient send failure: the retry must be able to claim).
 *   KEYS[1]  the reminder's delivery marker
 *   ARGV[1]  our claim value "sending:<token>"
 *   returns  1 when released, 0 when the marker holds something else
 */
const RELEASE_CLAIM = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

export type ClaimOutcome = { status: 'claimed' } | { status: 'done'; how: 'sent' | 'dropped' } | { status: 'busy'; retryInMs: number };

/** How long "delivered" is remembered: longer than any retry schedule, so a re-scheduled duplicate is recognised. */
const DONE_TTL_SECONDS = 30 * 24 * 3600;

export class DeliveryGuard {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly keyPrefix: string,
  ) {
    redis.defineCommand('jfTakeChatSlot', { numberOfKeys: 2, lua: TAKE_CHAT_SLOT });
    redis.defineCommand('jfReleaseClaim', { numberOfKeys: 1, lua: RELEASE_CLAIM });
  }

  markerKey(reminderId: string): string {
    return `${this.keyPrefix}reminder:{${reminderId}}:delivery`;
  }

  /** The user's spacing keys: next free time and reservations (deleted by the service's forgetUser). */
  spacingKeys(channel: ChannelId, userId: string): { next: string; held: string } {
    const base = userKeys(this.keyPrefix, { channel, userId }).base;
    return { next: `${base}:rp`, held: `${base}:rph` };
  }

  /** 0 when `reminderId` may be sent to the user now, else how long to wait (its slot is then reserved). */
  async takeChatSlot(channel: ChannelId, userId: string, reminderId: string, limits: ChannelRateLimits): Promise<number> {
    const interval = Math.max(0, ...limits.perChat.map((w) => Math.ceil(w.windowMs / w.max)));
    if (interval === 0) return 0;
    const keys = this.spacingKeys(channel, userId);
    const run = (this.redis as unknown as { jfTakeChatSlot(a: string, b: string, c: number, d: string): Promise<number> }).jfTakeChatSlot;
    return Number(await run.call(this.redis, keys.next, keys.held, interval, reminderId));
  }

  /**
   * Claims the right to send, for `leaseMs` (then a stalled sender's claim lapses and another worker may retry).
   * Claim-before-send, mark-after-send: two live workers never both send; a crash in the few milliseconds between a
   * successful send and `markSent` can repeat a message once after the lease — the only window left, since neither
   * Telegram nor WeCom offers an idempotency key. The opposite order would instead lose reminders on a crash.
   */
  async claim(reminderId: string, token: string, leaseMs: number): Promise<ClaimOutcome> {
    const key = this.markerKey(reminderId);
    const taken = await this.redis.set(key, `sending:${token}`, 'PX', leaseMs, 'NX');
    if (taken === 'OK') return { status: 'claimed' };
    const [value, ttl] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
    if (value === 'sent' || value === 'dropped') return { status: 'done', how: value };
    return { status: 'busy', retryInMs: Math.max(ttl, 50) };
  }

  async release(reminderId: string, token: string): Promise<void> {
    const run = (this.redis as unknown as { jfReleaseClaim(k: string, v: string): Promise<number> }).jfReleaseClaim;
    await run.call(this.redis, this.markerKey(reminderId), `sending:${token}`);
  }

  async markDone(reminderId: string, how: 'sent' | 'dropped'): Promise<void> {
    await this.redis.set(this.markerKey(reminderId), how, 'EX', DONE_TTL_SECONDS);
  }

  async isDone(reminderId: string): Promise<boolean> {
    const v = await this.redis.get(this.markerKey(reminderId));
    return v === 'sent' || v === 'dropped';
  }
}
