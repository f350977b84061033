/** What a channel calls for each inbound message. Implemented by src/runtime (dialog + store + effects). */
import type { InboundMessage } from './message.js';
import type { Reply } from './reply.js';

export type TurnResult =
  | {
      status: 'applied';
      replies: Reply[];
      /**
       * The turn erased the user's data (删除我的数据 / /forget). A channel must then not leave anything of the user
       * behind while delivering `replies` (e.g. WeCom's per-member send log). Absent = false.
       */
      erased?: boolean;
      /**
       * The user asked for a person (转人工). A channel that can hand the conversation over (微信客服) does so and
       * tells the user in its own words instead of `replies`; the others send `replies`, which say how to reach one.
       */
      handoff?: boolean;
    }
  /** Already applied earlier (a redelivery): send nothing. */
  | { status: 'duplicate' }
  /** The user is sending too fast; `replies` holds one polite slow-down notice, or none if already told. */
  | { status: 'rate_limited'; replies: Reply[] };

export interface TurnHandler {
  handle(message: InboundMessage): Promise<TurnResult>;
}
