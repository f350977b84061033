/**
 * Redis state that makes delivery safe with several workers: a delivery marker per reminder (the pacing of the sends
 * is send-pacing.ts). Every key holds a hash tag so each script touches one Redis Cluster slot.
 */
import type { Cluster, Redis } from 'ioredis';

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
    redis.defineCommand('jfReleaseClaim', { numberOfKeys: 1, lua: RELEASE_CLAIM });
  }

  markerKey(reminderId: string): string {
    return `${this.keyPrefix}reminder:{${reminderId}}:delivery`;
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
