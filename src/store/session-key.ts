/** Whose session: a user of one channel. The store and the outbox both key by it. */
import type { ChannelId } from '../contract/index.js';

export interface SessionKey {
  channel: ChannelId;
  userId: string;
}
