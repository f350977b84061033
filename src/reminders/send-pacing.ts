/**
 * Send slots for reminders, so a burst of due reminders goes out at the messenger's pace without the worker fighting a
 * rate limiter. When a reminder becomes due it is *planned*: given the first free slot of the channel's global lattice
 * (one slot every window ÷ max) that is also at least one per-chat interval after the chat's previous slot. The worker
 * parks the job until then; coming back, it *takes* its slot. Taking also checks what was really sent (the chat's last
 * send, the max-th previous send of the channel): a job that comes back late (a stalled worker, a busy event loop) must
 * not bunch up with the ones on time, so it waits for the limit instead. Plans are spaced `marginMs` wider than the
 * limits and the check holds `marginMs / 2` wider, so on-time jobs never wait at the check and the jitter between our
 * decision and the messenger's clock stays inside the limits. Global slots of the last tenth of a window that no
 * reminder took (the workers fell behind for a moment) are still given to the next plans: a short lag is made up
 * rather than lost for good, and the take check still holds the real limits.
 *
 * Why in Redis, one script: several workers (and processes) plan against the same counters; why the channel's keys
 * under the queue's prefix: they share the queue's hash tag, so the script touches one Redis Cluster slot. The keys
 * hold chat ids only as members of short-lived sets (dropped once they no longer constrain, and by forget); each key
 * lives 10 minutes past its last write, or past the furthest slot planned in it.
 */
import type { Cluster, Redis } from 'ioredis';
import type { ChannelRateLimits } from './types.js';

/**
 * Plans or takes the send slot of one reminder.
 *   KEYS[1]  <base>:next        index of the first global slot not yet given (lattice index = time ÷ step)
 *   KEYS[2]  <base>:ahead       sorted set of global slot indices given beyond KEYS[1] (chats that had to wait)
 *   KEYS[3]  <base>:chat-next   sorted set: chat id → earliest time its next slot may have (ms)
 *   KEYS[4]  <base>:chat-last   sorted set: chat id → when it was last sent to (ms)
 *   KEYS[5]  <base>:held        sorted set: reminder id → its planned slot (ms)
 *   KEYS[6]  <base>:sent        list of the channel's last `max` send times, newest first (ms)
 *   ARGV[1]  "plan" or "take"
 *   ARGV[2]  chat id
 *   ARGV[3]  reminder id
 *   ARGV[4]  global max per window, "0" = no global limit
 *   ARGV[5]  global window in ms
 *   ARGV[6]  per-chat interval in ms, "0" = none
 *   ARGV[7]  margin in ms (plans that much wider, the take check half of it)
 *   returns  {wait, now}: plan → ms until the slot (0 = due); take → 0 when sent now (recorded), else ms to wait;
 *            now = the Redis clock (ms) the answer was given at
 */
const PACE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local mode, chat, id = ARGV[1], ARGV[2], ARGV[3]
local max, window, interval, margin = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local keep = 600000
-- A plan far ahead (a long queue at 30/s) keeps its keys until then, plus the margin every key gets.
local function keepUntil(key, at)
  local ttl = math.max(keep, math.ceil(at - now) + keep)
  if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
end
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now - keep)
local slot = tonumber(redis.call('ZSCORE', KEYS[5], id))
if slot == nil then
  slot = now
  if interval > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
    local chatNext = tonumber(redis.call('ZSCORE', KEYS[3], chat))
    if chatNext and chatNext > slot then slot = chatNext end
  end
  if max > 0 then
    local step = (window + margin) / max
    -- Slots of the last tenth of a window that nobody took (the workers fell behind: a busy event loop, a stalled
    -- process) are still given, so a short lag is made up instead of lost; the take check keeps the real limits.
    local oldest = math.ceil((now - window / 10) / step)
    local free = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), oldest)
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. string.format('%d', free))
    local index = oldest
    if slot > now then index = math.ceil(slot / step) end
    if index <= free then
      index = free
      free = free + 1
      while redis.call('ZREM', KEYS[2], string.format('%d', free)) == 1 do free = free + 1 end
    else
      while redis.call('ZSCORE', KEYS[2], string.format('%d', index)) do index = index + 1 end
      redis.call('ZADD', KEYS[2], index, string.format('%d', index))
    end
    slot = index * step
    redis.call('SET', KEYS[1], string.format('%d', free), 'PX', keep)
    keepUntil(KEYS[2], slot)
  end
  if interval > 0 then
    -- From now at the earliest: a made-up slot lies in the past, but the send cannot happen before now.
    redis.call('ZADD', KEYS[3], math.max(slot, now) + interval + margin, chat)
    keepUntil(KEYS[3], slot)
  end
  redis.call('ZADD', KEYS[5], slot, id)
  keepUntil(KEYS[5], slot)
end
if slot > now then return {math.ceil(slot - now), now} end
if mode == 'plan' then return {0, now} end
local wait = 0
if interval > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - interval - margin)
  local last = tonumber(redis.call('ZSCORE', KEYS[4], chat))
  if last then wait = math.max(wait, last + interval + margin / 2 - now) end
end
if max > 0 then
  local earlier = tonumber(redis.call('LINDEX', KEYS[6], max - 1))
  if earlier then wait = math.max(wait, earlier + window + margin / 2 - now) end
end
if wait > 0 then return {math.ceil(wait), now} end
redis.call('ZREM', KEYS[5], id)
if interval > 0 then
  redis.call('ZADD', KEYS[4], now, chat)
  redis.call('PEXPIRE', KEYS[4], keep)
end
if max > 0 then
  redis.call('LPUSH', KEYS[6], now)
  redis.call('LTRIM', KEYS[6], 0, max - 1)
  redis.call('PEXPIRE', KEYS[6], keep)
end
return {0, now}
`;

/** Default widening of the limits: room for the jitter between our decision and the messenger's clock. */
export const DEFAULT_PACE_MARGIN_MS = 30;

export interface PaceAnswer {
  /** 0: due (plan) or sent now (take); otherwise ms to wait. */
  waitMs: number;
  /** The Redis clock (ms) of the answer: for a take that returned 0, the recorded send time. */
  at: number;
}

type PaceCommand = (...args: Array<string | number>) => Promise<[number, number]>;

export class SendPacer {
  readonly #redis: Redis | Cluster;
  readonly #base: string;
  readonly #global: number;
  readonly #windowMs = 1_000;
  readonly #intervalMs: number;
  readonly #marginMs: number;

  /** `base`: the channel's key prefix; keep it inside the hash tag of the channel's queue (see the file header). */
  constructor(redis: Redis | Cluster, base: string, limits: ChannelRateLimits, marginMs = DEFAULT_PACE_MARGIN_MS) {
    this.#redis = redis;
    this.#base = base;
    this.#global = limits.globalPerSecond ?? 0;
    // One interval per chat keeps every window (Telegram 1/s; WeCom 30/min and 1000/h per member) within its limit.
    this.#intervalMs = Math.max(0, ...limits.perChat.map((w) => Math.ceil(w.windowMs / w.max)));
    this.#marginMs = marginMs;
    redis.defineCommand('jfPaceReminder', { numberOfKeys: 6, lua: PACE_LUA });
  }

  /** The reminder's slot, planned now if it has none: ms until it (0 = due now). */
  plan(chatId: string, reminderId: string): Promise<PaceAnswer> {
    return this.#run('plan', chatId, reminderId);
  }

  /** Sends now (0, recorded) if the reminder's slot has come and the limits allow it; else ms to wait. */
  take(chatId: string, reminderId: string): Promise<PaceAnswer> {
    return this.#run('take', chatId, reminderId);
  }

  /** Removes a chat (and these reminders) from the pacing state: the user asked to be forgotten. */
  async forget(chatId: string, reminderIds: string[]): Promise<void> {
    const [, , chatNext, chatLast, held] = this.#keys();
    await Promise.all([
      this.#redis.zrem(chatNext!, chatId),
      this.#redis.zrem(chatLast!, chatId),
      reminderIds.length > 0 ? this.#redis.zrem(held!, ...reminderIds) : undefined,
    ]);
  }

  #keys(): string[] {
    return ['next', 'ahead', 'chat-next', 'chat-last', 'held', 'sent'].map((k) => `${this.#base}:${k}`);
  }

  async #run(mode: 'plan' | 'take', chatId: string, reminderId: string): Promise<PaceAnswer> {
    const run = (this.#redis as unknown as { jfPaceReminder: PaceCommand }).jfPaceReminder;
    const args = [mode, chatId, reminderId, this.#global, this.#windowMs, this.#intervalMs, this.#marginMs];
    const [waitMs, at] = await run.call(this.#redis, ...this.#keys(), ...args);
    return { waitMs: Number(waitMs), at: Number(at) };
  }
}
