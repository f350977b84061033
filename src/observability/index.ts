/** Logs, metrics and health: what an operator watches. */
export { createLogger, type Logger } from './logger.js';
export { redactUrl, REDACTED_PATHS, REDACTION_MARK } from './redact.js';
export { createMetrics, instrumented, type BotMetrics } from './metrics.js';
export { checkReadiness, redisPingCheck, type Readiness, type ReadinessCheck } from './readiness.js';
export { lazyRequestLoggerFactory } from './request-logger.js';
