/**
 * Request logs after the lazy per-request logger (observability/request-logger.ts): the same lines as fastify's own
 * child loggers (request id included), written only when their level is on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createLogger, createMetrics } from '../../src/observability/index.js';
import { createServer } from '../../src/server.js';
import { CapturedLog } from './harness.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function serverWith(level: 'info' | 'warn', log: CapturedLog): FastifyInstance {
  app = createServer({ logger: createLogger(level, log.stream), metrics: createMetrics({ defaultMetrics: false }), readiness: [] });
  app.get('/warns', async (request) => {
    request.log.warn({ step: 'lookup' }, 'something odd');
    request.log.info({ step: 'detail' }, 'fine detail');
    return { ok: true };
  });
  app.get('/child', async (request) => {
    request.log.child({ part: 'sub' }).warn('from a child');
    return { ok: true };
  });
  app.get('/fails', async () => {
    throw new Error('boom');
  });
  return app;
}

describe('per-request logging', () => {
  it('at info, logs each request in and out with its request id and a redacted URL', async () => {
    const log = new CapturedLog();
    const server = serverWith('info', log);
    const res = await server.inject({ method: 'GET', url: '/warns?access_token=s3cr3t' });
    expect(res.statusCode).toBe(200);
    const incoming = log.lines.find((l) => l.msg === 'incoming request')!;
    const completed = log.lines.find((l) => l.msg === 'request completed')!;
    expect(incoming.reqId).toMatch(/^req-/);
    expect(completed.reqId).toBe(incoming.reqId);
    expect((incoming.req as { url: string }).url).toBe('/warns?access_token=[redacted]');
    expect(log.raw.join('\n')).not.toContain('s3cr3t');
    expect(log.lines.find((l) => l.msg === 'fine detail')?.reqId).toBe(incoming.reqId);
  });

  it('at warn, writes only warnings and errors, each with the request id of its request', async () => {
    const log = new CapturedLog();
    const server = serverWith('warn', log);
    await server.inject({ method: 'GET', url: '/warns' });
    await server.inject({ method: 'GET', url: '/warns' });
    expect(log.lines.map((l) => l.msg)).toEqual(['something odd', 'something odd']);
    const ids = log.lines.map((l) => l.reqId);
    expect(ids[0]).toMatch(/^req-/);
    expect(ids[1]).toMatch(/^req-/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(log.lines[0]!.step).toBe('lookup');
    expect(log.lines[0]!.service).toBe('jifen-bot');
  });

  it('keeps the request id in child loggers and in the error fastify logs for a failed request', async () => {
    const log = new CapturedLog();
    const server = serverWith('warn', log);
    await server.inject({ method: 'GET', url: '/child' });
    const res = await server.inject({ method: 'GET', url: '/fails' });
    expect(res.statusCode).toBe(500);
    const child = log.lines.find((l) => l.msg === 'from a child')!;
    expect(child.part).toBe('sub');
    expect(child.reqId).toMatch(/^req-/);
    const error = log.lines.find((l) => l.level === 50)!;
    expect(error.msg).toBe('boom');
    expect(error.reqId).toMatch(/^req-/);
    expect(error.reqId).not.toBe(child.reqId);
  });

  it('keeps the probes quiet at info: no request lines for /healthz', async () => {
    const log = new CapturedLog();
    const server = serverWith('info', log);
    const res = await server.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(log.lines).toEqual([]);
  });
});

describe('closing', () => {
  it('answers a request still running at close with "connection: close"', async () => {
    const log = new CapturedLog();
    const server = serverWith('warn', log);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let closing!: () => void;
    const closingStarted = new Promise<void>((resolve) => (closing = resolve));
    // Runs after the server's own preClose hook (hooks run in the order they were added).
    server.addHook('preClose', async () => closing());
    server.get('/slow', async () => {
      started();
      await released;
      return { ok: true };
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const { port } = server.server.address() as { port: number };
    const during = fetch(`http://127.0.0.1:${port}/slow`);
    await running;
    const before = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    expect(before?.headers.get('connection')).not.toBe('close');
    const closed = server.close();
    await closingStarted;
    release();
    const res = await during;
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toBe('close');
    await closed;
    app = undefined;
  });
});
