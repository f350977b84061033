/** Per-user flood protection as a TurnHandler decorator: the runtime never sees the excess messages. */
import type { InboundMessage } from '../channels/types.js';
import type { Reply } from '../dialog/reply.js';
import type { TurnHandler, TurnResult } from '../runtime/turn-handler.js';
import type { WindowCounter } from './window-counter.js';

export interface RateLimitOptions {
  counter: WindowCounter;
  /** Messages a user may send per window; the next one gets the notice, the rest nothing. */
  maxPerWindow: number;
  /** The polite slow-down notice (dialogs/ops.yaml); a function so a reload of the texts takes effect. */
  notice: string | (() => string);
}

/**
 * @example
 * const handler = rateLimited(inner, { counter: new MemoryWindowCounter(10_000), maxPerWindow: 20, notice });
 */
export function rateLimited(handler: TurnHandler, options: RateLimitOptions): TurnHandler {
  const { counter, maxPerWindow } = options;
  const notice = (): Reply => ({ kind: 'notice', text: typeof options.notice === 'string' ? options.notice : options.notice() });
  return {
    async handle(message: InboundMessage): Promise<TurnResult> {
      const count = await counter.increment({ channel: message.channel, userId: message.userId });
      if (count <= maxPerWindow) return handler.handle(message);
      // Exactly one notice per window: the first message over the limit; the rest are dropped silently.
      return { status: 'rate_limited', replies: count === maxPerWindow + 1 ? [notice()] : [] };
    },
  };
}
