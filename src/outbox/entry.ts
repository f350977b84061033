/**
 * What a turn leaves in the user's outbox: the chat its replies go to and the replies themselves, channel-neutral
 * (each channel renders them again when it delivers, so a redelivered Telegram update gets the very same webhook
 * reply the first delivery would have had).
 */
import type { Reply } from '../contract/index.js';

export interface OutboxPayload {
  chatId: string;
  replies: Reply[];
  /**
   * The turn's effects, when running them again is harmless (the runtime decides which): a redelivery of a turn whose
   * process died before they ran runs them, and sends their replies too. Opaque here.
   */
  effects?: unknown[];
}

/** @example encodeOutboxPayload('42', [{ kind: 'notice', text: '您好' }]) // '{"chat":"42","replies":[…]}' */
export function encodeOutboxPayload(chatId: string, replies: Reply[], effects?: unknown[]): string {
  const tail = effects && effects.length > 0 ? `,"effects":${JSON.stringify(effects)}` : '';
  return `{"chat":${JSON.stringify(chatId)},"replies":${JSON.stringify(replies)}${tail}}`;
}

/** The payload back, or undefined when it is not one this code wrote (a corrupt or foreign entry is dropped). */
export function decodeOutboxPayload(raw: string): OutboxPayload | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { chat, replies, effects } = parsed as { chat?: unknown; replies?: unknown; effects?: unknown };
  if (typeof chat !== 'string' || !Array.isArray(replies)) return undefined;
  if (effects !== undefined && !Array.isArray(effects)) return undefined;
  if (
    !replies.every(
      (r) => typeof r === 'object' && r !== null && typeof (r as Reply).text === 'string' && typeof (r as Reply).kind === 'string',
    )
  ) {
    return undefined;
  }
  return effects ? { chatId: chat, replies: replies as Reply[], effects } : { chatId: chat, replies: replies as Reply[] };
}
