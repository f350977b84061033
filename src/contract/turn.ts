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
       * Present when the replies wait in the user's outbox: the channel calls it once the messenger took them (the
       * webhook's 2xx with the reply went out, the send API answered success) or refused them for good (the user
       * blocked the bot). Not called, the replies are delivered again by the outbox sweeper.
       */
      delivered?: () => void;
      /**
       * The user asked for a person (转人工). A channel that can hand the conversation over (微信客服) does so and
       * tells the user in its own words instead of `replies`; the others send `replies`, which say how to reach one.
       */
      handoff?: boolean;
    }
  /**
   * Already applied earlier (a redelivery). Usually nothing to send; but when the first delivery's replies never
   * left (the process died after the commit), `replies` holds them, leased to this caller, and `delivered` must be
   * called as for an applied turn.
   */
  | { status: 'duplicate'; replies?: Reply[]; delivered?: () => void }
  /** The user is sending too fast; `replies` holds one polite slow-down notice, or none if already told. */
  | { status: 'rate_limited'; replies: Reply[] };

export interface TurnHandler {
  handle(message: InboundMessage): Promise<TurnResult>;
}
