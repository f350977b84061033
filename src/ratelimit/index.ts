/** Per-user rate limiting (Redis-backed with an in-process fallback). */
export { rateLimited, type RateLimitOptions } from './rate-limited.js';
export { RedisWindowCounter, MemoryWindowCounter, FallbackWindowCounter, type WindowCounter } from './window-counter.js';
