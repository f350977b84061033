/**
 * Session storage: one interface, two implementations.
 * `createSessionStore` picks Redis Cluster when seed nodes are given, Redis when a URL is given (production), and the
 * in-memory store otherwise.
 */
import { Redis } from 'ioredis';
import type { SessionStore } from './session-store.js';
import { MemorySessionStore } from './memory-session-store.js';
import { RedisSessionStore } from './redis-session-store.js';
import { connectRedisCluster, type ClusterNode } from './redis-cluster.js';
import type { OutboxTiming } from './outbox.js';

export type { RateLimit, RunTurnOptions, SessionKey, SessionStore, TurnCommit, TurnOutcome } from './session-store.js';
export { RedisSessionStore, type RedisSessionStoreOptions } from './redis-session-store.js';
export { MemorySessionStore, type MemorySessionStoreOptions } from './memory-session-store.js';
export { StoreUnavailableError } from './errors.js';
export { userKeys, type UserKeys } from './user-keys.js';
export { DEFAULT_OUTBOX_TIMING, type Outbox, type OutboxEntry, type OutboxLock, type OutboxTiming } from './outbox.js';
export {
  connectRedisCluster,
  connectBullmqCluster,
  parseClusterNodes,
  redisClusterNodesSchema,
  type ClusterNode,
} from './redis-cluster.js';
export { DEFAULT_DEDUPE_WINDOW_SECONDS, DEFAULT_MAX_SEEN_IDS, DEFAULT_SESSION_TTL_SECONDS } from './defaults.js';

export interface SessionStoreConfig {
  /** redis:// URL; unset → the embedded in-memory store. */
  redisUrl?: string;
  /** Redis Cluster seed nodes (REDIS_CLUSTER_NODES); when given, used instead of redisUrl. */
  redisClusterNodes?: ClusterNode[];
  prefix?: string;
  ttlSeconds?: number;
  /** Called with connection errors (reconnects are automatic); without it they are ignored. Never gets user data. */
  onConnectionError?: (err: Error) => void;
  /** The outbox's lease and horizon; defaults DEFAULT_OUTBOX_TIMING. */
  outbox?: Partial<OutboxTiming>;
}

/**
 * @example
 * const store = createSessionStore({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX,
 *   ttlSeconds: config.SESSION_TTL_DAYS * 86400 });
 */
export function createSessionStore(config: SessionStoreConfig): SessionStore {
  const ttlSeconds = config.ttlSeconds === undefined ? undefined : Math.max(1, Math.round(config.ttlSeconds));
  const clusterNodes = config.redisClusterNodes ?? [];
  const outbox = config.outbox ? { outbox: config.outbox } : {};
  if (clusterNodes.length > 0) {
    const redis = connectRedisCluster(clusterNodes, config.onConnectionError);
    return new RedisSessionStore({ redis, prefix: config.prefix, ttlSeconds, ownsClient: true, ...outbox });
  }
  if (!config.redisUrl) return new MemorySessionStore({ ttlSeconds, ...outbox });
  const redis = connectRedis(config.redisUrl, config.onConnectionError);
  return new RedisSessionStore({ redis, prefix: config.prefix, ttlSeconds, ownsClient: true, ...outbox });
}

/**
 * A client that fails fast while Redis is down instead of queueing requests for ever: a turn then rejects with
 * StoreUnavailableError within about a second (two reconnect attempts, or the command timeout), and the webhook can
 * answer a retryable status. Reconnection itself continues in the background.
 */
export function connectRedis(url: string, onError: (err: Error) => void = () => {}): Redis {
  const redis = new Redis(url, {
    // Turns of different users that arrive in the same event-loop iteration share one socket write (their commits
    // stay separate scripts, each atomic). At saturation the commit's write was ~11 % of a turn's CPU.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
    connectTimeout: 2000,
    // Queued requests are failed after every second reconnect attempt (maxRetriesPerRequest 1), so this delay
    // bounds how long a turn waits while Redis is down: at most about a second, well inside WeCom's 5 s deadline.
    retryStrategy: (times) => Math.min(times * 50, 500),
  });
  // Without a listener ioredis reports every failed reconnect as an unhandled error event.
  redis.on('error', onError);
  return redis;
}

/**
 * The client BullMQ needs (reminders): its workers block on commands that must wait through reconnects, so requests
 * are never failed by retry count (`maxRetriesPerRequest: null`). Errors go to `onError` instead of being reported
 * by ioredis as unhandled while Redis is down.
 */
export function connectBullmqRedis(url: string, onError: (err: Error) => void = () => {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on('error', onError);
  return redis;
}
