/**
 * The outbox sweeper's way to a 微信客服 customer: what a turn left unsent (the process died between the commit and
 * send_msg, or send_msg failed) goes out through the same messenger as the live path, with the same turn key, so each
 * message keeps its msgid and WeCom refuses one the live path had already sent (document 94677).
 */
import type { ChannelSender, Reply, ReplyTarget } from '../../contract/index.js';
import type { Customer } from './customer-session.js';
import type { KfMessenger } from './messenger.js';

/** A kf turn's id is `kf:<inbound msgid>` (kf-channel.ts); the messenger's turn key is the msgid itself. */
const TURN_ID_PREFIX = 'kf:';

export interface KfOutboxSender extends ChannelSender {
  send(target: ReplyTarget, replies: Reply[], turn?: { turnId: string }): Promise<void>;
}

/** The customer a kf user id names (`<open_kfid>:<external_userid>`, see kfUserId). */
export function customerOf(userId: string): Customer | undefined {
  const colon = userId.indexOf(':');
  if (colon <= 0 || colon === userId.length - 1) return undefined;
  return { openKfid: userId.slice(0, colon), externalUserid: userId.slice(colon + 1) };
}

/**
 * Resolves when the replies were sent or dropped for a reason retrying cannot change (allowance used, 48 h passed,
 * session ended, a person took over: the messenger logged and counted those); rejects when send_msg failed
 * otherwise, so the entry stays for the next sweep.
 *
 * @example
 * const sweeper = new OutboxSweeper({ outbox, senders: [...senders, createKfOutboxSender(messenger)], … });
 */
export function createKfOutboxSender(messenger: KfMessenger): KfOutboxSender {
  return {
    channel: 'kf',
    async send(target, replies, turn) {
      // Without the turn there is no msgid that keeps a second copy out: better unsent for now than sent twice.
      if (!turn) throw new Error('kf replies are sent with their turn id');
      const customer = customerOf(target.userId);
      // Not a kf user id this code wrote: nothing can reach it, and retrying would not change that.
      if (!customer) return;
      const { turnId } = turn;
      const turnKey = turnId.startsWith(TURN_ID_PREFIX) ? turnId.slice(TURN_ID_PREFIX.length) : turnId;
      const outcome = await messenger.deliver(customer, replies, turnKey);
      if (outcome.reason === 'failed') throw new Error('kf send_msg failed; the reply stays in the outbox');
    },
  };
}
