import { afterAll, describe, expect, it } from 'vitest';
import { startRedisServer } from '../support/redis-server.js';
import { uniquePrefix } from '../support/redis.js';
import { buildTestApp } from './harness.js';

describe('/healthz and /readyz', () => {
  const stops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  it('embedded store: alive and ready once the rules are loaded', async () => {
    const { app } = await buildTestApp({});
    stops.push(() => app.stop());
    const health = await app.server.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await app.server.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { rules: 'ok' } });
  });

  it('Redis up → 200; Redis stopped → 503 naming Redis, while /healthz stays 200', async () => {
    const redis = await startRedisServer();
    const { app, log } = await buildTestApp({ REDIS_URL: redis.url, REDIS_PREFIX: uniquePrefix('health') });
    stops.push(() => app.stop());
    stops.push(() => redis.stop());

    // The client connects asynchronously; readiness is what says when it is done.
    let ready = await app.server.inject({ method: 'GET', url: '/readyz' });
    for (let i = 0; i < 50 && ready.statusCode !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      ready = await app.server.inject({ method: 'GET', url: '/readyz' });
    }
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { redis: 'ok', rules: 'ok' } });

    await redis.stop();
    const down = await app.server.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    const body = down.json() as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('not_ready');
    expect(body.checks.rules).toBe('ok');
    expect(body.checks.redis).not.toBe('ok');
    expect(body.checks.redis).toMatch(/redis/i);
    expect((await app.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    // Connection errors are counted and logged once, not once per reconnect attempt (the client keeps retrying).
    await new Promise((r) => setTimeout(r, 600));
    const metrics = (await app.server.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/jifen_redis_errors_total\{source="app"\} [1-9]/);
    const errorLines = log.lines.filter((l) => l.msg === 'redis connection error');
    expect(errorLines.length).toBeGreaterThan(0);
    expect(new Set(errorLines.map((l) => `${l.code}${l.message}`)).size).toBe(errorLines.length);
  });
});
