/**
 * WeCom drops, silently, app messages beyond 30 per minute or 1,000 per hour to one member (document 90454).
 * This sliding-window counter makes a sender wait for a free slot instead, shared by all processes through Redis.
 */
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { userKeys } from '../../store/user-keys.js';

export interface RateWindow {
  windowMs: number;
  max: number;
}

/** Document 90454: ≤ 30 次/分钟 and ≤ 1000 次/小时 per app per member. */
export const WECOM_MEMBER_LIMITS: readonly RateWindow[] = [
  { windowMs: 60_000, max: 30 },
  { windowMs: 3_600_000, max: 1000 },
];

export interface MemberThrottle {
  /** Resolves when one more message to `member` stays within every window (and counts it). */
  acquire(member: string): Promise<void>;
  /** Drops the member's send log (after 删除我的数据 was answered: nothing of theirs may remain). */
  forget(member: string): Promise<void>;
}

export interface MemberThrottleOptions {
  redis?: Redis | Cluster;
  prefix: string;
  limits?: readonly RateWindow[];
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * KEYS[1] sorted set of send times for one member.
 * ARGV[1] now (ms), ARGV[2] a unique entry id, then pairs of (windowMs, max), largest window first.
 * Returns 0 after recording the send, or the number of ms to wait before a slot frees (nothing recorded).
 */
const TAKE_SLOT = `
local now = tonumber(ARGV[1])
local longest = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - longest)
local wait = 0
for i = 3, #ARGV, 2 do
  local window = tonumber(ARGV[i])
  local max = tonumber(ARGV[i + 1])
  local inside = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - window), '+inf', 'WITHSCORES')
  local count = #inside / 2
  if count >= max then
    local oldest = tonumber(inside[(count - max) * 2 + 2])
    local w = oldest + window - now + 1
    if w > wait then wait = w end
  end
end
if wait > 0 then return wait end
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('PEXPIRE', KEYS[1], longest)
return 0`;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Time to wait (0 = go) for `times` (ascending send times) under `limits` at `now`. */
function waitFor(times: number[], limits: readonly RateWindow[], now: number): number {
  let wait = 0;
  for (const { windowMs, max } of limits) {
    const inside = times.filter((t) => t > now - windowMs);
    if (inside.length >= max) wait = Math.max(wait, inside[inside.length - max]! + windowMs - now + 1);
  }
  return wait;
}

/** `${prefix}{wecom:<member>}:w`: the member's send times, next to their session keys. */
export function memberThrottleKey(prefix: string, member: string): string {
  return `${userKeys(prefix, { channel: 'wecom', userId: member }).base}:w`;
}

/**
 * @example
 * const throttle = createMemberThrottle({ redis, prefix: 'jf:' });
 * await throttle.acquire('ZhangSan'); // then send one message
 */
export function createMemberThrottle(options: MemberThrottleOptions): MemberThrottle {
  const limits = [...(options.limits ?? WECOM_MEMBER_LIMITS)].sort((a, b) => b.windowMs - a.windowMs);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const longest = limits[0]?.windowMs ?? 0;
  const { redis } = options;
  const memory = new Map<string, number[]>();

  const tryTake = async (member: string): Promise<number> => {
    const at = now();
    if (redis) {
      const args = limits.flatMap((l) => [l.windowMs, l.max]);
      // Under the member's own hash tag, so /forget (which deletes the user's pattern) removes it too.
      const key = memberThrottleKey(options.prefix, member);
      return Number(await redis.eval(TAKE_SLOT, 1, key, at, randomUUID(), ...args));
    }
    const times = (memory.get(member) ?? []).filter((t) => t > at - longest);
    const wait = waitFor(times, limits, at);
    if (wait === 0) times.push(at);
    if (times.length) memory.set(member, times);
    else memory.delete(member);
    return wait;
  };

  return {
    async forget(member) {
      if (redis) await redis.del(memberThrottleKey(options.prefix, member));
      else memory.delete(member);
    },
    async acquire(member) {
      for (;;) {
        const wait = await tryTake(member);
        if (wait <= 0) return;
        await sleep(wait);
      }
    },
  };
}
