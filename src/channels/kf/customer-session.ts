/**
 * Per customer (one WeChat user talking to one kf account), on the user's own hash tag next to their dialog session
 * (`{kf:<open_kfid>:<external_userid>}:k`, erased with it by 删除我的数据), a hash:
 * - `at`, `n`: when the customer last wrote and how many messages we sent since. WeCom allows at most 5 messages
 *   within 48 h after each customer message (document 94677; errors 95001, 95002), so sends are reserved here first.
 * - `human`: 1 while a person holds the conversation (hand-off, a servicer typing, 95018); the bot then stays silent.
 */
import type { Cluster, Redis } from 'ioredis';
import { userKeys } from '../../store/user-keys.js';

/** document 94677: 5 messages / 48 hours after the customer's last message. */
export const KF_SEND_ALLOWANCE = { messages: 5, windowMs: 48 * 3600 * 1000 } as const;
/** The hash outlives the send window a little, then goes by itself. */
const KEEP_SECONDS = 3 * 24 * 3600;

/** KEYS[1] hash; ARGV[1] customer message time ms, ARGV[2] keep s. A new customer message re-opens the allowance. */
const CUSTOMER_WROTE = `
local at = tonumber(redis.call('HGET', KEYS[1], 'at') or '0')
if tonumber(ARGV[1]) >= at then redis.call('HSET', KEYS[1], 'at', ARGV[1], 'n', 0) end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1`;

/**
 * KEYS[1] hash; ARGV[1] wanted, ARGV[2] now ms, ARGV[3] max, ARGV[4] window ms.
 * Returns how many sends are granted (0 when the window closed or the allowance is used up) and counts them.
 */
const RESERVE = `
local at = tonumber(redis.call('HGET', KEYS[1], 'at') or '0')
if at == 0 or tonumber(ARGV[2]) - at > tonumber(ARGV[4]) then return 0 end
local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
local grant = math.min(tonumber(ARGV[1]), tonumber(ARGV[3]) - n)
if grant <= 0 then return 0 end
redis.call('HINCRBY', KEYS[1], 'n', grant)
return grant`;

/** KEYS[1] hash; ARGV[1] count. Gives back reserved sends that were not made. */
const GIVE_BACK = `
local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
redis.call('HSET', KEYS[1], 'n', math.max(0, n - tonumber(ARGV[1])))
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
