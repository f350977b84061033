/**
 * How the webhook learns that an update's turn is committed while the bot is still sending replies.
 *
 * `bot.handleUpdate(update)` only resolves after the whole middleware ran, sends included. The webhook wants to
 * answer Telegram as soon as the state is safe (then give sending a short budget), so the middleware signals the
 * commit through this side channel, keyed by the very update object handed to handleUpdate.
 */
const watchers = new WeakMap<object, () => void>();

/** Registers `onCommit` for `update`; call before `bot.handleUpdate(update)`. */
export function watchCommit(update: object, onCommit: () => void): void {
  watchers.set(update, onCommit);
}

export function signalCommitted(update: object): void {
  const onCommit = watchers.get(update);
  watchers.delete(update);
  onCommit?.();
}

/** The turn handler failed (e.g. Redis down): nothing was committed, the update must be redelivered. */
export class TurnCommitError extends Error {
  override readonly name = 'TurnCommitError';
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? `turn not committed: ${cause.message}` : 'turn not committed');
  }
}
