/**
 * The fastify app: operational routes (/healthz, /readyz, /metrics) here; the channel plugins are registered by
 * src/app/ on top of it. Logging goes through the given pino logger (redacting), request bodies are never logged.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { checkReadiness, lazyRequestLoggerFactory, type BotMetrics, type ReadinessCheck } from './observability/index.js';

export interface ServerOptions {
  logger: Logger;
  metrics: BotMetrics;
  readiness: ReadinessCheck[];
  /** Bound of each readiness check (a Redis PING). Default 1,000 ms. */
  readinessTimeoutMs?: number;
}

/**
 * @example
 * const app = createServer({ logger, metrics, readiness: [redisPingCheck(redis)] });
 * await app.listen({ port: 3000, host: '127.0.0.1' });
 */
export function createServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // Request loggers (with the request id) are built only when a request writes a line at an enabled level.
    childLoggerFactory: lazyRequestLoggerFactory,
    // Webhooks are small; anything larger is not a messenger talking to us.
    bodyLimit: 256 * 1024,
    // Let in-flight requests finish on close, but stop keep-alive connections from holding shutdown open.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  const timeoutMs = options.readinessTimeoutMs ?? 1000;

  // close() waits for requests in flight, but their keep-alive connections would then hold it open until the
  // keep-alive timeout: answers given while closing tell the client to close the connection.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Callback style: an async hook costs a promise and a microtask on every response, for a flag that is almost
  // never set.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  // Probes run every few seconds: their request lines would drown the log, so only warnings and errors are kept.
  const quiet = { logLevel: 'warn' as const };
  app.get('/healthz', quiet, async () => ({ status: 'ok' }));

  app.get('/readyz', quiet, async (_request, reply) => {
    const readiness = await checkReadiness(options.readiness, timeoutMs);
    return reply.code(readiness.ready ? 200 : 503).send({ status: readiness.ready ? 'ready' : 'not_ready', checks: readiness.checks });
  });

  app.get('/metrics', quiet, async (_request, reply) => {
    const body = await options.metrics.registry.metrics();
    return reply.type(options.metrics.registry.contentType).send(body);
  });

  return app;
}
