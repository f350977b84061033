/** What a channel provides for replies sent outside a turn: answers after the webhook was acknowledged, reminders. */
import type { ChannelId, ReplyTarget } from './message.js';
import type { Reply } from './reply.js';

/** Sends replies on one channel; used for answers sent after the webhook was acknowledged and for reminders. */
export interface ChannelSender {
  readonly channel: ChannelId;
  send(target: ReplyTarget, replies: Reply[]): Promise<void>;
}

/** A send failed for good (user blocked the bot, unknown user): do not retry. */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}
