import { inject } from 'vitest';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';

/** URL of the redis-server started by the global setup. */
export function testRedisUrl(): string {
  return inject('redisUrl');
}

/** A unique key prefix per test file/case, so parallel files never see each other's keys. */
export function uniquePrefix(label = 't'): string {
  return `test:${label}:${randomUUID().slice(0, 8)}:`;
}

export function connectTestRedis(): Redis {
  return new Redis(testRedisUrl(), { maxRetriesPerRequest: 1, lazyConnect: false });
}
