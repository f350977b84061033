/** Defaults shared by both SessionStore implementations. */

/** A session expires after 30 days without a message (the product default). */
export const DEFAULT_SESSION_TTL_SECONDS = 30 * 24 * 3600;
/**
 * Messengers redeliver soon: WeCom retries a callback it got no answer to within 5 s, three times in all; Telegram
 * repeats an unacknowledged webhook update (WeCom document 90238; docs/wecom.md, docs/telegram.md). A day is ample margin.
 */
export const DEFAULT_DEDUPE_WINDOW_SECONDS = 24 * 3600;
/**
 * Ids remembered per user. Redis keeps a sorted set in its compact listpack encoding up to 128 entries
 * (zset-max-listpack-entries); beyond that it takes several times the memory.
 */
export const DEFAULT_MAX_SEEN_IDS = 100;
