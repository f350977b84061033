/**
 * Replies that arrive outside a turn (reminders coming due) printed into the terminal, framed so they stand out
 * from the conversation.
 */
import type { Writable } from 'node:stream';
import type { ChannelSender } from '../../contract/index.js';
import { renderReply } from './render.js';

const FRAME = '━'.repeat(24);

export interface ConsoleSenderOptions {
  /** Called after each print, e.g. to show the readline prompt again. */
  afterWrite?: () => void;
}

/**
 * @example
 * await reminderService.start([createConsoleSender(process.stdout)]);
 */
export function createConsoleSender(output: Writable, options: ConsoleSenderOptions = {}): ChannelSender {
  return {
    channel: 'console',
    async send(_target, replies) {
      const body = replies.map(renderReply).join('\n\n');
      output.write(`\n${FRAME}\n🔔 ${body}\n${FRAME}\n\n`);
      options.afterWrite?.();
    },
  };
}
