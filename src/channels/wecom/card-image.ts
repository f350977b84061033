/**
 * The result card as a WeCom image message: its PNG uploaded as temporary media (`media/upload?type=image`, multipart
 * field `media`, document 90253) and sent by its `media_id`. A media_id is valid for 3 days and shared by every app of
 * the corp (90253), so one cache, keyed by the card's content hash, serves the app channel and 微信客服 alike: the same
 * result sent again (to the same or another user) is not uploaded again. With Redis the cache is shared by all
 * processes; without it, it lives in this process.
 */
import type { Cluster, Redis } from 'ioredis';
import { LruCache } from '../../cache/lru-cache.js';
import type { CardPicture, CardRenderer, ResultCard } from '../../contract/index.js';
import { type WecomApi, WecomApiError } from './api-client.js';

/** Document 90253: "素材上传得到media_id，该media_id仅三天内有效". */
export const MEDIA_VALID_MS = 3 * 24 * 3600 * 1000;
/** Not reused in its last hour: a send that starts just before the expiry must not carry a dead id. */
const EXPIRY_MARGIN_MS = 3600 * 1000;
/** errcode 40007: invalid media_id (WeCom forgot it early): upload again, once. */
const INVALID_MEDIA_ID = 40007;
const MEMORY_ENTRIES = 512;

export interface CardImagesOptions {
  api: WecomApi;
  renderer: CardRenderer;
  /** Shares uploaded media_ids across processes; without it they are kept in this process. */
  redis?: Redis | Cluster;
  prefix: string;
  /** media_ids belong to the corp: the cache key names it. */
  corpId: string;
  now?: () => number;
}

export interface CardImages {
  /**
   * Renders and uploads `card` (or reuses the media_id of the same card) and calls `send` with its media_id; when WeCom
   * no longer knows a cached id (40007), it is uploaded again and `send` called once more. Errors propagate.
   */
  send(card: ResultCard, send: (mediaId: string) => Promise<unknown>): Promise<void>;
}

/**
 * @example
 * const images = createCardImages({ api, renderer, redis, prefix: 'jf:', corpId: config.WECOM_CORP_ID });
 * await images.send(card, (mediaId) => api.post('message/send', { touser, msgtype: 'image', agentid, image: { media_id: mediaId } }));
 */
export function createCardImages(options: CardImagesOptions): CardImages {
  const { api, renderer, redis } = options;
  const now = options.now ?? Date.now;
  const memory = new LruCache<{ mediaId: string; until: number }>(MEMORY_ENTRIES);
  /** Uploads in flight by card key: two users getting the same card at once share one upload. */
  const uploading = new Map<string, Promise<string>>();
  const keyOf = (picture: CardPicture) => `${options.prefix}wecom:media:${options.corpId}:${picture.key}`;

  const cached = async (key: string): Promise<string | undefined> => {
    if (redis) return (await redis.get(key)) ?? undefined;
    const entry = memory.get(key);
    return entry && entry.until > now() ? entry.mediaId : undefined;
  };
  const remember = async (key: string, mediaId: string, createdAtMs: number) => {
    const ttl = createdAtMs + MEDIA_VALID_MS - EXPIRY_MARGIN_MS - now();
    if (ttl <= 0) return;
    if (redis) await redis.set(key, mediaId, 'PX', ttl);
    else memory.set(key, { mediaId, until: now() + ttl });
  };
  const forget = async (key: string) => {
    if (redis) await redis.del(key);
    else memory.delete(key);
  };

  const upload = async (picture: CardPicture, key: string): Promise<string> => {
    const form = new FormData();
    form.append('media', new Blob([picture.png], { type: 'image/png' }), `${picture.key}.png`);
    const reply = await api.upload('media/upload', form, { type: 'image' });
    if (typeof reply.media_id !== 'string' || !reply.media_id) throw new WecomApiError('media/upload', -3, 'no media_id in the answer');
    // created_at is a string of seconds in the document's example; a number is read the same way.
    const createdAt = Number(reply.created_at);
    await remember(key, reply.media_id, Number.isFinite(createdAt) && createdAt > 0 ? createdAt * 1000 : now());
    return reply.media_id;
  };
  const uploadOnce = (picture: CardPicture, key: string): Promise<string> => {
    let running = uploading.get(key);
    if (!running) {
      running = upload(picture, key).finally(() => uploading.delete(key));
      uploading.set(key, running);
    }
    return running;
  };

  return {
    async send(card, send) {
      const picture = await renderer.render(card);
      const key = keyOf(picture);
      const known = await cached(key);
      if (known) {
        try {
          await send(known);
          return;
        } catch (error) {
          if (!(error instanceof WecomApiError && error.errcode === INVALID_MEDIA_ID)) throw error;
          await forget(key);
        }
      }
      await send(await uploadOnce(picture, key));
    },
  };
}

/** The cards among a turn's replies, in order. */
export function cardsOf(replies: ReadonlyArray<{ card?: ResultCard }>): ResultCard[] {
  return replies.flatMap((r) => (r.card ? [r.card] : []));
}
