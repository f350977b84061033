/**
 * The store could not complete a turn right now; nothing was half-written, so the caller may retry the same message
 * (a webhook answers a retryable status, the messenger redelivers, the dedupe keeps it from applying twice).
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(
    /** `unreachable`: Redis is down or too slow; `contention`: other processes kept changing the session. */
    readonly reason: 'unreachable' | 'contention',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Server replies that mean "try again later" rather than a bug in our script or arguments
 * (loading a dump, a busy script, cluster failover, out of memory).
 */
const TRANSIENT_REPLY = /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY|OOM|NOREPLICAS|MOVED|ASK)\b/;

/**
 * Turns an ioredis failure into StoreUnavailableError when it is about reachability; a genuine error reply from the
 * server (a script bug, a wrong type) is returned unchanged so it is not retried forever.
 */
export function toStoreError(err: unknown): Error {
  if (err instanceof StoreUnavailableError) return err;
  const error = err instanceof Error ? err : new Error(String(err));
  const isServerReply = error.name === 'ReplyError';
  if (isServerReply && !TRANSIENT_REPLY.test(error.message)) return error;
  return new StoreUnavailableError('unreachable', `session store unavailable: ${error.message}`, { cause: error });
}
