/** Sends rendered replies to one chat, in order, through a grammY Api (with its transformers, e.g. auto-retry). */
import { GrammyError, type Api } from 'grammy';
import type { Reply } from '../../contract/index.js';
import { describeError, type TelegramLogger } from './log.js';
import { renderReplies, type RenderedMessage } from './render.js';
import type { TelegramTexts } from './texts.js';

/**
 * Whether a failed send will fail again whatever we do: the user blocked the bot, deleted the account, or left /
 * removed the bot from the chat (403), or the chat does not exist (400 "chat not found").
 */
export function isPermanentSendFailure(err: unknown): boolean {
  if (!(err instanceof GrammyError)) return false;
  if (err.error_code === 403) return true;
  return err.error_code === 400 && /chat not found|user not found|PEER_ID_INVALID/i.test(err.description);
}

/** Renders `replies` as Telegram messages, logging choices that could not become buttons (a dialog bug). */
export function renderRepliesLogged(replies: Reply[], texts: TelegramTexts, log: TelegramLogger): RenderedMessage[] {
  const { messages, droppedChoices } = renderReplies(replies, texts);
  if (droppedChoices.length > 0) {
    log.error({ values: droppedChoices.map((c) => c.value.slice(0, 80)) }, 'dialog choices dropped: callback_data must be 1-64 bytes');
  }
  return messages;
}

/** Sends rendered `messages` to `chatId` in order; stops at the first failed message and rethrows its error. */
export async function sendMessages(api: Api, chatId: string, messages: RenderedMessage[]): Promise<void> {
  for (const message of messages) {
    const { text, ...rest } = message;
    await api.sendMessage(chatId, text, rest);
  }
}

/** Like sendMessages, but logs instead of throwing: used after the turn is committed, when nothing can be retried. */
export async function sendMessagesLogged(api: Api, chatId: string, messages: RenderedMessage[], log: TelegramLogger): Promise<void> {
  try {
    await sendMessages(api, chatId, messages);
  } catch (err) {
    const level = isPermanentSendFailure(err) ? 'info' : 'warn';
    log[level]({ ...describeError(err) }, 'telegram reply not delivered');
  }
}
