/**
 * Per-user flood protection. The counting itself happens inside the session store's commit (one round trip, after
 * the dedupe, so a redelivered message never uses up the user's budget: see src/store/commit-turn-script.ts); this
 * module holds the policy the runtime passes to it and what the user is told when refused.
 */
import type { Reply } from '../contract/index.js';
import type { RateLimit } from '../store/session-store.js';

export type { RateLimit } from '../store/session-store.js';

export interface RateLimitPolicy extends RateLimit {
  /** The polite slow-down notice (dialogs/ops.yaml). */
  notice: string;
}

/**
 * The replies for a refused message: the notice for the first refusal of the window, nothing for the rest (a
 * flooding client must not turn into a flood of notices).
 *
 * @example
 * slowDownReplies(true, policy) // [{ kind: 'notice', text: '你发得有点快…' }]
 */
export function slowDownReplies(first: boolean, policy: RateLimitPolicy): Reply[] {
  return first ? [{ kind: 'notice', text: policy.notice }] : [];
}

/**
 * The policy from the server settings (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_SECONDS).
 *
 * @example
 * rateLimitPolicy(20, 10, '你发得有点快…') // { max: 20, windowMs: 10_000, notice: '你发得有点快…' }
 */
export function rateLimitPolicy(max: number, windowSeconds: number, notice: string): RateLimitPolicy {
  return { max, windowMs: Math.max(1, Math.round(windowSeconds * 1000)), notice };
}
