/**
 * What the WeCom admin commands (wecom:menu, wecom:kf-link) share: the environment checked by their schema (exit 2,
 * one line per problem), the server API with the access token cached like the server's (in Redis when REDIS_URL is
 * set), one line naming what could not be done (exit 1), and the Redis connection closed at the end.
 */
import { Redis } from 'ioredis';
import type { z } from 'zod';
import { createTokenCache, createWecomApi, type WecomConfig } from '../channels/wecom/index.js';
import { ConfigError, parseEnv } from '../config.js';

type AdminEnv = WecomConfig & { REDIS_URL?: string; REDIS_PREFIX: string };

export async function runWecomApiCommand<S extends z.ZodType<AdminEnv>>(
  schema: S,
  failure: string,
  run: (api: ReturnType<typeof createWecomApi>, env: z.infer<S>) => Promise<void>,
): Promise<number> {
  let env: z.infer<S>;
  try {
    env = parseEnv(schema);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true }) : undefined;
  try {
    const tokenCache = createTokenCache({ prefix: env.REDIS_PREFIX, ...(redis ? { redis } : {}) });
    await run(createWecomApi({ config: env, tokenCache }), env);
    return 0;
  } catch (error) {
    console.error(`${failure}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    redis?.disconnect();
  }
}
