/**
 * Connecting to Redis Cluster. The key layout needs nothing special (every multi-key command and script touches one
 * user's keys, which share a hash tag; see user-keys.ts and docs/cluster.md); only the client differs.
 */
import { z } from 'zod';
import { Cluster, type ClusterOptions } from 'ioredis';

export interface ClusterNode {
  host: string;
  port: number;
}

const NODE = /^(?:redis:\/\/)?(\[[0-9a-fA-F:.]+\]|[^\s:/,[\]]+):(\d{1,5})\/?$/;

/**
 * Reads seed nodes written `host:port,host:port` (a `redis://` in front of each is allowed). A few seeds suffice:
 * the client learns the other nodes from them.
 * @example parseClusterNodes('10.0.0.1:7000,10.0.0.2:7000') // [{ host: '10.0.0.1', port: 7000 }, …]
 */
export function parseClusterNodes(text: string): ClusterNode[] {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (entries.length === 0) throw new RangeError('no cluster node given (expected host:port,host:port)');
  return entries.map((entry) => {
    const match = NODE.exec(entry);
    const port = match ? Number(match[2]) : NaN;
    if (!match || port < 1 || port > 65535) throw new RangeError(`"${entry}" is not host:port`);
    return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port };
  });
}

/** For the env schema: `REDIS_CLUSTER_NODES: redisClusterNodesSchema.optional()` (one config line per problem). */
export const redisClusterNodesSchema = z.string().transform((text, ctx): ClusterNode[] => {
  try {
    return parseClusterNodes(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `${(err as Error).message}; expected host:port,host:port` });
    return z.NEVER;
  }
});

/**
 * A Cluster client that fails fast like connectRedis: a command waits at most about two seconds, so a turn rejects
 * with StoreUnavailableError and the webhook answers a retryable status; topology refresh and reconnection go on in
 * the background. MOVED/ASK are followed at once; CLUSTERDOWN and a closed connection during failover are retried
 * every 100 ms, at most 16 times (ioredis' maxRedirections), then the turn fails as unavailable and is redelivered.
 */
export function connectRedisCluster(nodes: ClusterNode[], onError: (err: Error) => void = () => {}): Cluster {
  // Auto-pipelining as in connectRedis: commits sent in one event-loop iteration share a write per node.
  return connectCluster(nodes, onError, { maxRetriesPerRequest: 1, commandTimeout: 2000, connectTimeout: 2000 }, true);
}

/**
 * The Cluster client BullMQ needs (reminders): its workers block on commands that must wait through reconnects and
 * failovers, so requests are never failed by retry count (`maxRetriesPerRequest: null`) nor by a command timeout.
 */
export function connectBullmqCluster(nodes: ClusterNode[], onError: (err: Error) => void = () => {}): Cluster {
  return connectCluster(nodes, onError, { maxRetriesPerRequest: null, connectTimeout: 2000 });
}

function connectCluster(
  nodes: ClusterNode[],
  onError: (err: Error) => void,
  redisOptions: ClusterOptions['redisOptions'],
  enableAutoPipelining = false,
): Cluster {
  const cluster = new Cluster(nodes, {
    enableAutoPipelining,
    clusterRetryStrategy: (times) => Math.min(times * 50, 500),
    // Keep the offline queue: the first turns after start-up wait for the slot map instead of failing.
    enableOfflineQueue: true,
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 100,
    slotsRefreshTimeout: 2000,
    ...(redisOptions ? { redisOptions } : {}),
  });
  cluster.on('error', onError);
  return cluster;
}
