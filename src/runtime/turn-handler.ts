/** What a channel calls for each inbound message. Implemented by src/runtime (dialog + store + effects). */
import type { InboundMessage } from '../channels/types.js';
import type { Reply } from '../dialog/reply.js';

export type TurnResult =
  | { status: 'applied'; replies: Reply[] }
  /** Already applied earlier (a redelivery): send nothing. */
  | { status: 'duplicate' }
  /** The user is sending too fast; `replies` holds one polite slow-down notice, or none if already told. */
  | { status: 'rate_limited'; replies: Reply[] };

export interface TurnHandler {
  handle(message: InboundMessage): Promise<TurnResult>;
}
