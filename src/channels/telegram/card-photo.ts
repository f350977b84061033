/**
 * The result card as a Telegram photo: the PNG uploaded with sendPhoto (multipart, grammY's InputFile) after the text
 * it illustrates. Telegram answers with the photo's file_id, which any chat may be sent again ("Sending files" in the
 * Bot API), so the same card (the same facts on the same day) is uploaded once and then named by its file_id. The text
 * is the answer: a card that cannot be drawn or uploaded costs a log line, never the text.
 */
import { type Api, GrammyError, InputFile } from 'grammy';
import { LruCache } from '../../cache/lru-cache.js';
import type { CardRenderer, Reply } from '../../contract/index.js';
import { describeError, type TelegramLogger } from './log.js';

const KNOWN_PHOTOS = 1024;

/** Whether any of `replies` carries a card (and there is a renderer to draw it). */
export function hasCard(replies: Reply[], cards: CardRenderer | undefined): cards is CardRenderer {
  return cards !== undefined && replies.some((r) => r.card !== undefined);
}

export interface CardPhotos {
  /**
   * Sends each reply's card to `chatId` as a photo, in order; `beforeEach` (the sender's pacing) runs before every
   * send, which counts against Telegram's limits like any message. Never throws.
   */
  send(api: Api, chatId: string, replies: Reply[], log: TelegramLogger, beforeEach?: () => Promise<void>): Promise<void>;
}

/** @example const photos = createCardPhotos(renderer); await photos.send(ctx.api, chatId, replies, log); */
export function createCardPhotos(cards: CardRenderer): CardPhotos {
  const fileIds = new LruCache<string>(KNOWN_PHOTOS);

  const sendOne = async (api: Api, chatId: string, reply: Reply & { card: NonNullable<Reply['card']> }) => {
    const picture = await cards.render(reply.card);
    const known = fileIds.get(picture.key);
    if (known) {
      try {
        await api.sendPhoto(chatId, known);
        return;
      } catch (err) {
        // Telegram no longer knows the file (another bot token, a purge): upload it again.
        if (!(err instanceof GrammyError && err.error_code === 400)) throw err;
        fileIds.delete(picture.key);
      }
    }
    const sent = await api.sendPhoto(chatId, new InputFile(picture.png, `${picture.key}.png`));
    const fileId = sent.photo?.at(-1)?.file_id;
    if (fileId) fileIds.set(picture.key, fileId);
  };

  return {
    async send(api, chatId, replies, log, beforeEach) {
      for (const reply of replies) {
        if (!reply.card) continue;
        try {
          await beforeEach?.();
          await sendOne(api, chatId, reply as Reply & { card: NonNullable<Reply['card']> });
        } catch (err) {
          log.warn(describeError(err), 'telegram result card not sent; the text was');
        }
      }
    },
  };
}
