/** Turns a decrypted WeCom callback (flat XML fields) into the core's InboundMessage. */
import type { InboundMessage } from '../../contract/index.js';

/** App-menu keys (see menu.ts) and the dialog commands they start. */
export const MENU_KEY_COMMANDS: Readonly<Record<string, string>> = {
  score: 'start',
  faq: 'faq',
  reminders: 'reminders',
};

export type WecomInbound =
  | { kind: 'message'; message: InboundMessage }
  /** Well-formed but nothing the bot acts on (images, enter_agent, unknown menu keys...): acknowledge, do nothing. */
  | { kind: 'ignored'; reason: string }
  /** Required fields missing or malformed. */
  | { kind: 'malformed'; reason: string };

const USER_ID = /^[^\s]{1,128}$/;
const DIGITS = /^\d{1,20}$/;

/**
 * Builds the InboundMessage for a text message or an app-menu click.
 * Dedupe keys follow WeCom's advice (document 90238): MsgId for messages, FromUserName + CreateTime for events.
 */
export function toInboundMessage(fields: Record<string, string>): WecomInbound {
  const from = fields.FromUserName;
  const createTime = fields.CreateTime;
  const type = fields.MsgType?.toLowerCase();
  if (!from || !USER_ID.test(from)) return { kind: 'malformed', reason: 'FromUserName' };
  if (!createTime || !DIGITS.test(createTime)) return { kind: 'malformed', reason: 'CreateTime' };
  if (!type) return { kind: 'malformed', reason: 'MsgType' };
  const base = { channel: 'wecom' as const, userId: from, chatId: from, sentAt: Number(createTime) * 1000 };

  if (type === 'text') {
    const msgId = fields.MsgId;
    // MsgId stays a string: it is a 64-bit integer and would lose digits as a JS number.
    if (!msgId || !DIGITS.test(msgId)) return { kind: 'malformed', reason: 'MsgId' };
    const text = fields.Content ?? '';
    if (text.trim() === '') return { kind: 'ignored', reason: 'empty text' };
    return { kind: 'message', message: { ...base, messageId: `wecom:${msgId}`, text } };
  }

  if (type === 'event') {
    // WeCom sends lowercase "click"; the official-account platform uses "CLICK": accept both.
    const event = fields.Event?.toLowerCase();
    if (event !== 'click') return { kind: 'ignored', reason: `event ${event ?? '?'}` };
    const command = MENU_KEY_COMMANDS[fields.EventKey ?? ''];
    if (!command) return { kind: 'ignored', reason: 'unknown menu key' };
    return { kind: 'message', message: { ...base, messageId: `wecom:evt:${from}:${createTime}`, command } };
  }

  return { kind: 'ignored', reason: `message type ${type}` };
}
