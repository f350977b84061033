/**
 * Session storage: one interface, two implementations.
 * `createSessionStore` is the one factory: Redis Cluster when seed nodes are given, Redis when a URL is given
 * (production), and the in-memory store otherwise.
 */
import { type Cluster, Redis } from 'ioredis';
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
  /**
   * A client the caller already holds and shares with other parts (the server's token cache, throttle, readiness);
   * the store does not close it. When given, redisUrl and redisClusterNodes are not used.
   */
  redis?: Redis | Cluster;
  /** redis:// URL; unset → the embedded in-memory store. */
  redisUrl?: string;
  /** Redis Cluster seed nodes (REDIS_CLUSTER_NODES); when given, used instead of redisUrl. */
  redisClusterNodes?: ClusterNode[];
  prefix?: string;
  /** Inactivity after which a session expires; `sessionTtlSeconds(SESSION_TTL_DAYS)`. */
  ttlSeconds?: number;
  /** Called with connection errors (reconnects are automatic); without it they are ignored. Never gets user data. */
  onConnectionError?: (err: Error) => void;
  /** The outbox's lease and horizon; defaults DEFAULT_OUTBOX_TIMING. */
  outbox?: Partial<OutboxTiming>;
}

/** SESSION_TTL_DAYS as the stores count it: whole seconds, at least one. */
export function sessionTtlSeconds(days: number): number {
  return Math.max(1, Math.round(days * 86_400));
}

/**
 * The one Redis connection of the session store's configuration: Redis Cluster when seed nodes are given, one Redis
 * when a URL is given, none (the embedded store) otherwise.
 */
export function connectSessionRedis(
  config: Pick<SessionStoreConfig, 'redisUrl' | 'redisClusterNodes' | 'onConnectionError'>,
): Redis | Cluster | undefined {
  const clusterNodes = config.redisClusterNodes ?? [];
  if (clusterNodes.length > 0) return connectRedisCluster(clusterNodes, config.onConnectionError);
  if (config.redisUrl) return connectRedis(config.redisUrl, config.onConnectionError);
  return undefined;
}

/**
 * The session store for a configuration: on the given client, on a Redis (Cluster) it connects to and then owns, or
 * the embedded in-memory store.
 * @example
 * const store = createSessionStore({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX,
 *   ttlSeconds: sessionTtlSeconds(config.SESSION_TTL_DAYS) });
 */
export function createSessionStore(config: SessionStoreConfig): SessionStore {
  const { ttlSeconds, prefix } = config;
  const outbox = config.outbox ? { outbox: config.outbox } : {};
  if (config.redis) return new RedisSessionStore({ redis: config.redis, prefix, ttlSeconds, ...outbox });
  const redis = connectSessionRedis(config);
  if (!redis) return new MemorySessionStore({ ttlSeconds, ...outbox });
  return new RedisSessionStore({ redis, prefix, ttlSeconds, ownsClient: true, ...outbox });
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
