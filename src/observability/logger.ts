/** The process logger: pino, JSON lines, with secrets and personal data redacted (see redact.ts). */
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { REDACTED_PATHS, REDACTION_MARK, redactUrl } from './redact.js';

export type { Logger } from 'pino';

interface RequestLike {
  method?: string;
  url?: string;
  id?: unknown;
  hostname?: string;
  ip?: string;
}

/**
 * fastify logs every request with `req`/`res`; only method, a redacted URL and ids are kept (no headers, no body).
 */
const serializers = {
  req(req: RequestLike) {
    return { method: req.method, url: req.url === undefined ? undefined : redactUrl(req.url), id: req.id };
  },
  url(url: unknown) {
    return typeof url === 'string' ? redactUrl(url) : url;
  },
};

/**
 * @example
 * const logger = createLogger('info');              // stdout
 * const logger = createLogger('debug', stream);     // tests capture the lines
 */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'jifen-bot' },
    redact: { paths: [...REDACTED_PATHS], censor: REDACTION_MARK },
    serializers,
  };
  return destination ? pino(options, destination) : pino(options);
}
