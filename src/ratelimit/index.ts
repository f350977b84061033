/** Per-user rate limiting: the policy and the slow-down notice; the counting is in the session store's commit. */
export { rateLimitPolicy, slowDownReplies, type RateLimit, type RateLimitPolicy } from './rate-limit.js';
