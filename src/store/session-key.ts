/** Whose session: one user of one channel (the outbox and the session store both key by it). */
import type { ChannelId } from '../contract/index.js';

export interface SessionKey {
  channel: ChannelId;
  userId: string;
}
