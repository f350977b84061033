/**
 * Configuration from environment variables, validated once at start-up.
 * Each problem is reported on its own line, naming the variable; the process then exits non-zero.
 */
import { z } from 'zod';
import { redisClusterNodesSchema } from './store/redis-cluster.js';
import { DEFAULT_TIME_ZONE } from './time/zoned-time.js';

const port = z.coerce.number().int().min(1).max(65535);

export const baseConfigSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Unset: the embedded in-memory store (single process, nothing durable). */
  REDIS_URL: z.string().url('must be a redis:// URL').optional(),
  /** Redis Cluster seed nodes `host:port,host:port`; used instead of REDIS_URL (set one of the two, not both). */
  REDIS_CLUSTER_NODES: redisClusterNodesSchema.optional(),
  /** Prefix of every Redis key this bot writes. */
  REDIS_PREFIX: z.string().min(1).default('jf:'),
  SESSION_TTL_DAYS: z.coerce.number().positive('must be a positive number of days').default(30),
  TIMEZONE: z.string().min(1).default(DEFAULT_TIME_ZONE),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type BaseConfig = z.infer<typeof baseConfigSchema>;

/**
 * Problems no single variable shows: a Redis and a Redis Cluster both named would leave it unclear where the data
 * lives, so that is refused rather than one silently winning.
 */
export function redisTargetProblems(config: Pick<BaseConfig, 'REDIS_URL' | 'REDIS_CLUSTER_NODES'>): string[] {
  if (config.REDIS_URL === undefined || config.REDIS_CLUSTER_NODES === undefined) return [];
  return ['REDIS_CLUSTER_NODES: set together with REDIS_URL; set only one (REDIS_URL for one Redis, REDIS_CLUSTER_NODES for a cluster)'];
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses `env` with `schema`; throws ConfigError with one line per bad or missing variable. */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const got = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
    const missing = got === undefined || got === '';
    return missing ? `${name}: missing (${issue.message})` : `${name}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}
