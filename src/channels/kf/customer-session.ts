/**
 * Per customer (one WeChat user talking to one kf account), on the user's own hash tag next to their dialog session
 * (`{kf:<open_kfid>:<external_userid>}:k`, erased with it by 删除我的数据), a hash:
 * - `at`, `n`, `t`: when the customer last wrote, how many sends count against that message, and when we sent our
 *   last few messages (comma-separated ms). WeCom allows
 *   at most 5 messages within 48 h after each customer message (document 94677; errors 95001, 95002) and counts every
 *   send made after that message — also the tail of an older turn still going out when the customer wrote again — so
 *   when we learn of a new message, the sends we made in a later second than its time count against it, and so does
 *   every send reserved from then on. WeCom gives the time in whole seconds: a send within that same second is not
 *   counted (it may have gone before the message); the one message a turn leaves unplanned (messenger.ts) covers it.
 * - `human`: 1 while a person holds the conversation (hand-off, a servicer typing, 95018); the bot then stays silent.
 */
import type { Cluster, Redis } from 'ioredis';
import { userKeys } from '../../store/user-keys.js';

/** document 94677: 5 messages / 48 hours after the customer's last message. */
export const KF_SEND_ALLOWANCE = { messages: 5, windowMs: 48 * 3600 * 1000 } as const;
/** The hash outlives the send window a little, then goes by itself. */
const KEEP_SECONDS = 3 * 24 * 3600;

/**
 * KEYS[1] hash; ARGV[1] customer message time ms (whole seconds), ARGV[2] keep s.
 * A newer customer message re-opens the allowance: `n` restarts from our sends surely made after it (a later second).
 */
const CUSTOMER_WROTE = `
local at = tonumber(redis.call('HGET', KEYS[1], 'at') or '0')
local wrote = tonumber(ARGV[1])
if wrote >= at then
  local n = 0
  for t in string.gmatch(redis.call('HGET', KEYS[1], 't') or '', '[^,]+') do
    if tonumber(t) >= wrote + 1000 then n = n + 1 end
  end
  redis.call('HSET', KEYS[1], 'at', wrote, 'n', n)
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1`;

/**
 * KEYS[1] hash; ARGV[1] wanted, ARGV[2] now ms, ARGV[3] max, ARGV[4] window ms.
 * Returns how many sends are granted (0 when the window closed or the allowance is used up), counts them in `n` and
 * records their time in `t` (the last `max` only: older ones can never count again).
 */
const RESERVE = `
local at = tonumber(redis.call('HGET', KEYS[1], 'at') or '0')
if at == 0 or tonumber(ARGV[2]) - at > tonumber(ARGV[4]) then return 0 end
local max = tonumber(ARGV[3])
local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
local grant = math.min(tonumber(ARGV[1]), max - n)
if grant <= 0 then return 0 end
local times = {}
for t in string.gmatch(redis.call('HGET', KEYS[1], 't') or '', '[^,]+') do times[#times + 1] = t end
for i = 1, grant do times[#times + 1] = ARGV[2] end
redis.call('HSET', KEYS[1], 'n', n + grant, 't', table.concat(times, ',', math.max(1, #times - max + 1), #times))
return grant`;

/** KEYS[1] hash; ARGV[1] count. Gives back the last reserved sends, which were not made. */
const GIVE_BACK = `
local times = {}
for t in string.gmatch(redis.call('HGET', KEYS[1], 't') or '', '[^,]+') do times[#times + 1] = t end
local back = tonumber(ARGV[1])
local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
redis.call('HSET', KEYS[1], 'n', math.max(0, n - back), 't', table.concat(times, ',', 1, math.max(0, #times - back)))
return 1`;

export interface Customer {
  openKfid: string;
  externalUserid: string;
}

export interface CustomerSessions {
  customerWrote(customer: Customer, atMs: number): Promise<void>;
  /** Reserves up to `wanted` sends; returns how many may be made now. */
  reserve(customer: Customer, wanted: number): Promise<number>;
  giveBack(customer: Customer, count: number): Promise<void>;
  heldByHuman(customer: Customer): Promise<boolean>;
  setHeldByHuman(customer: Customer, held: boolean): Promise<void>;
  /** Drops everything kept on the customer (after 删除我的数据). */
  forget(customer: Customer): Promise<void>;
}

/** The dialog's user id of a customer: one kf account and one WeChat user. */
export function kfUserId(customer: Customer): string {
  return `${customer.openKfid}:${customer.externalUserid}`;
}

export function customerKey(prefix: string, customer: Customer): string {
  return `${userKeys(prefix, { channel: 'kf', userId: kfUserId(customer) }).base}:k`;
}

export function createCustomerSessions(options: { redis: Redis | Cluster; prefix: string; now?: () => number }): CustomerSessions {
  const { redis, prefix } = options;
  const now = options.now ?? Date.now;
  const key = (c: Customer) => customerKey(prefix, c);
  return {
    async customerWrote(customer, atMs) {
      await redis.eval(CUSTOMER_WROTE, 1, key(customer), atMs, KEEP_SECONDS);
    },
    async reserve(customer, wanted) {
      if (wanted <= 0) return 0;
      const granted = await redis.eval(RESERVE, 1, key(customer), wanted, now(), KF_SEND_ALLOWANCE.messages, KF_SEND_ALLOWANCE.windowMs);
      return Number(granted);
    },
    async giveBack(customer, count) {
      if (count > 0) await redis.eval(GIVE_BACK, 1, key(customer), count);
    },
    async heldByHuman(customer) {
      return (await redis.hget(key(customer), 'human')) === '1';
    },
    async setHeldByHuman(customer, held) {
      if (held) {
        await redis.multi().hset(key(customer), 'human', '1').expire(key(customer), KEEP_SECONDS).exec();
      } else {
        await redis.hdel(key(customer), 'human');
      }
    },
    async forget(customer) {
      await redis.del(key(customer));
    },
  };
}
