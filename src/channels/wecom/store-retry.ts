/**
 * Sending an answer needs Redis twice (the shared access token, the member's send log) although the turn is already
 * committed and acknowledged: WeCom will not redeliver it, so a Redis stall at that moment must delay the answer,
 * not drop it. Only failures that mean "Redis is unreachable or too slow" are retried; a genuine error is not.
 */
import { StoreUnavailableError, toStoreError } from '../../store/errors.js';

/** Pauses between attempts (ms): about 12 s in all, longer than a typical stall (failover, fork, restart). */
const PAUSES_MS = [250, 500, 1000, 2000, 2000, 2000, 2000, 2000];

export async function retryWhileStoreUnavailable<T>(operation: () => Promise<T>, sleep: (ms: number) => Promise<void>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const pause = PAUSES_MS[attempt];
      if (pause === undefined || !(toStoreError(error) instanceof StoreUnavailableError) || !isRedisFailure(error)) throw error;
      await sleep(pause);
    }
  }
}

/** ioredis' own failures: a command timeout, a closed connection, retries exhausted, or a transient server reply. */
function isRedisFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError' || error.name === 'ReplyError') return true;
  return /^(Command timed out|Connection is closed|Stream isn't writeable)/.test(error.message);
}
