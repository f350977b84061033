/**
 * What the channel logs with (pino and fastify's logger both fit), and how errors are described safely:
 * grammY errors never include the token (sensitiveLogs is off), and we never log message texts or user facts.
 */
import { GrammyError, HttpError } from 'grammy';

type LogFn = (obj: object, msg?: string) => void;

export interface TelegramLogger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export const silentLogger: TelegramLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A log-safe summary of an error from the Bot API or the turn handler. */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof GrammyError) return { method: err.method, errorCode: err.error_code, description: err.description };
  if (err instanceof HttpError) return { httpError: err.message };
  if (err instanceof Error) return { error: err.name, message: err.message };
  return { error: String(err) };
}
