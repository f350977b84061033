import { describe, expect, it, afterAll } from 'vitest';
import { connectTestRedis, uniquePrefix } from './redis.js';

describe('test redis-server', () => {
  const redis = connectTestRedis();
  afterAll(() => redis.quit());
  it('is a real server on loopback that stores values', async () => {
    const key = `${uniquePrefix('smoke')}k`;
    await redis.set(key, 'v');
    expect(await redis.get(key)).toBe('v');
    const info = await redis.info('server');
    expect(info).toMatch(/redis_version:\d/);
  });
});
