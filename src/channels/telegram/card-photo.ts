/**
 * The result card as a Telegram photo: the PNG uploaded with sendPhoto (multipart, grammY's InputFile) after the text
 * it illustrates. The text is the answer: a card that cannot be drawn or uploaded costs a log line, never the text.
 */
import { type Api, InputFile } from 'grammy';
import type { CardRenderer, Reply } from '../../contract/index.js';
import { describeError, type TelegramLogger } from './log.js';

/** Whether any of `replies` carries a card (and there is a renderer to draw it). */
export function hasCard(replies: Reply[], cards: CardRenderer | undefined): cards is CardRenderer {
  return cards !== undefined && replies.some((r) => r.card !== undefined);
}

/**
 * Sends each reply's card to `chatId` as a photo, in order; `beforeEach` (the sender's pacing) runs before every
 * upload, which counts against Telegram's limits like any message. Never throws.
 */
export async function sendCardPhotos(
  api: Api,
  chatId: string,
  replies: Reply[],
  cards: CardRenderer,
  log: TelegramLogger,
  beforeEach?: () => Promise<void>,
): Promise<void> {
  for (const reply of replies) {
    if (!reply.card) continue;
    try {
      const picture = await cards.render(reply.card);
      await beforeEach?.();
      await api.sendPhoto(chatId, new InputFile(picture.png, `${picture.key}.png`));
    } catch (err) {
      log.warn(describeError(err), 'telegram result card not sent; the text was');
    }
  }
}
