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

/**
 * How a send after the commit ended: `sent`; `unreachable` (the user blocked the bot or the chat is gone: the reply
 * is dropped, retrying cannot help); `failed` (anything else: the reply stays in the outbox for the sweeper).
 */
export type SendOutcome = 'sent' | 'unreachable' | 'failed';

/** Like sendMessages, but logs instead of throwing: used after the turn is committed, when the caller cannot retry. */
export async function sendMessagesLogged(api: Api, chatId: string, messages: RenderedMessage[], log: TelegramLogger): Promise<SendOutcome> {
  try {
    await sendMessages(api, chatId, messages);
    return 'sent';
  } catch (err) {
    if (isPermanentSendFailure(err)) {
      log.info({ ...describeError(err) }, 'telegram reply not delivered: the chat is unreachable (bot blocked or chat gone); dropped');
      return 'unreachable';
    }
    log.warn({ ...describeError(err) }, 'telegram reply not delivered; left in the outbox for the sweeper');
    return 'failed';
  }
}
