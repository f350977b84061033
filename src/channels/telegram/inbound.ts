/**
 * Telegram Update → what to do with it. Pure: no I/O.
 *
 * Only the fields we read are validated; everything else passes through untouched. A body that fails this schema
 * is answered 400 by the webhook (Telegram would never send it; a fuzzer might).
 */
import { z } from 'zod';
import type { InboundMessage } from '../../contract/index.js';

const int = z.number().int();
const user = z.looseObject({ id: int, is_bot: z.boolean().optional(), username: z.string().optional() });
const chat = z.looseObject({ id: int, type: z.string() });
const entity = z.looseObject({ type: z.string(), offset: int.min(0), length: int.min(0), user: user.optional() });

const message = z.looseObject({
  message_id: int,
  date: int,
  chat,
  from: user.optional(),
  text: z.string().optional(),
  entities: z.array(entity).optional(),
  reply_to_message: z.looseObject({ from: user.optional() }).optional(),
});

const callbackQuery = z.looseObject({
  id: z.string().min(1),
  from: user,
  data: z.string().optional(),
  message: z.looseObject({ chat }).optional(),
});

/** The rule for an Update, webhook or polling; applied through `asTelegramUpdate`. */
export const updateSchema = z.looseObject({
  update_id: int.min(0),
  message: message.optional(),
  callback_query: callbackQuery.optional(),
});
export type TelegramUpdate = z.infer<typeof updateSchema>;

/**
 * Outputs of `updateSchema` carry this mark, so the bot's middleware can trust an update the webhook already checked
 * instead of parsing it twice. A symbol-keyed property: invisible to JSON and Object.keys.
 */
const VALIDATED = Symbol('jifen.telegramUpdateValidated');

/** The update checked with `updateSchema` (once: a marked output is returned as it is); undefined if it is not one. */
export function asTelegramUpdate(update: unknown): TelegramUpdate | undefined {
  if (typeof update === 'object' && update !== null && (update as { [VALIDATED]?: true })[VALIDATED] === true)
    return update as TelegramUpdate;
  const parsed = updateSchema.safeParse(update);
  if (!parsed.success) return undefined;
  (parsed.data as { [VALIDATED]?: true })[VALIDATED] = true;
  return parsed.data;
}

/** The commands the dialog understands; setMyCommands registers the same list. */
export const COMMANDS = ['start', 'help', 'restart', 'result', 'compare', 'reminders', 'forget'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface BotIdentity {
  id: number;
  username: string;
}

export type UpdateRoute =
  /** A turn for the dialog engine. `callbackQueryId` must be answered whatever the outcome. */
  | { kind: 'turn'; message: InboundMessage; callbackQueryId?: string }
  /** A private message we cannot read (sticker, photo, voice…): a polite notice, no turn. */
  | { kind: 'unsupported'; chatId: string }
  /** A pressed button without data (or from elsewhere): just stop its spinner. */
  | { kind: 'answer-only'; callbackQueryId: string }
  /** Edits, joins, channel posts, group chatter not addressed to us… */
  | { kind: 'ignore'; reason: string };

/** `/cmd`, `/cmd@BotName`, optionally followed by arguments. Bot API: commands are 1-32 of a-z, 0-9, _. */
const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+))?(?:\s|$)/;

function isKnownCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

type Message = z.infer<typeof message>;

/** Whether a group message speaks to the bot: an @mention (or text_mention) of it, or a reply to one of its messages. */
function addressesBot(msg: Message, me: BotIdentity): boolean {
  if (msg.reply_to_message?.from?.id === me.id) return true;
  const text = msg.text ?? '';
  return (msg.entities ?? []).some((e) => {
    if (e.type === 'text_mention') return e.user?.id === me.id;
    if (e.type !== 'mention') return false;
    return text.slice(e.offset, e.offset + e.length).toLowerCase() === `@${me.username.toLowerCase()}`;
  });
}

function withoutMention(text: string, me: BotIdentity): string {
  const mention = new RegExp(`@${me.username.replace(/[^A-Za-z0-9_]/g, '')}\\b`, 'gi');
  return text.replace(mention, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The turn's message, built as one literal (this runs on every update; a spread of a shared base object costs more),
 * keys in the order channel, userId, chatId, messageId, sentAt, then the command or the text.
 */
function inboundMessage(updateId: number, msg: Message, chatId: string, kind: 'command', value: CommandName): InboundMessage;
function inboundMessage(updateId: number, msg: Message, chatId: string, kind: 'text', value: string): InboundMessage;
function inboundMessage(updateId: number, msg: Message, chatId: string, kind: 'command' | 'text', value: string): InboundMessage {
  const userId = String(msg.from!.id);
  const messageId = `tg:${updateId}`;
  const sentAt = msg.date * 1000;
  return kind === 'command'
    ? { channel: 'telegram', userId, chatId, messageId, sentAt, command: value as CommandName }
    : { channel: 'telegram', userId, chatId, messageId, sentAt, text: value };
}

function routeMessage(updateId: number, msg: Message, me: BotIdentity): UpdateRoute {
  if (!msg.from || msg.from.is_bot) return { kind: 'ignore', reason: 'not from a person' };
  const isPrivate = msg.chat.type === 'private';
  const isGroup = msg.chat.type === 'group' || msg.chat.type === 'supergroup';
  if (!isPrivate && !isGroup) return { kind: 'ignore', reason: `chat type ${msg.chat.type}` };

  const chatId = String(msg.chat.id);

  if (msg.text === undefined) {
    if (isPrivate) return { kind: 'unsupported', chatId };
    return { kind: 'ignore', reason: 'non-text group message' };
  }

  const command = COMMAND.exec(msg.text);
  let commandForUs = false;
  if (command) {
    const name = command[1]!.toLowerCase();
    const target = command[2];
    const forUs = target === undefined || target.toLowerCase() === me.username.toLowerCase();
    if (!forUs) return { kind: 'ignore', reason: 'command for another bot' };
    commandForUs = target !== undefined;
    if (isKnownCommand(name)) return { kind: 'turn', message: inboundMessage(updateId, msg, chatId, 'command', name) };
    // An unknown command addressed to us is passed on as text, so the dialog can say what it does understand.
    if (isGroup && target === undefined) return { kind: 'ignore', reason: 'unknown bare command in a group' };
  }

  if (isGroup && !commandForUs && !addressesBot(msg, me)) return { kind: 'ignore', reason: 'group message not addressed to the bot' };
  const text = isGroup ? withoutMention(msg.text, me) : msg.text;
  if (text.trim() === '') return { kind: 'ignore', reason: 'empty text' };
  return { kind: 'turn', message: inboundMessage(updateId, msg, chatId, 'text', text) };
}

/**
 * Decides what an update means for the bot.
 *
 * @example
 * routeUpdate({ update_id: 7, message: { message_id: 1, date: 1700000000, chat: { id: 42, type: 'private' }, from: { id: 42 }, text: '/start' } }, me)
 * // { kind: 'turn', message: { channel: 'telegram', userId: '42', chatId: '42', messageId: 'tg:7', command: 'start', sentAt: 1700000000000 } }
 */
export function routeUpdate(update: TelegramUpdate, me: BotIdentity, now: () => number = Date.now): UpdateRoute {
  if (update.message) return routeMessage(update.update_id, update.message, me);
  const query = update.callback_query;
  if (query) {
    const chatId = query.message?.chat.id;
    if (query.data === undefined || query.data === '' || chatId === undefined || query.from.is_bot) {
      return { kind: 'answer-only', callbackQueryId: query.id };
    }
    return {
      kind: 'turn',
      callbackQueryId: query.id,
      message: {
        channel: 'telegram',
        userId: String(query.from.id),
        chatId: String(chatId),
        messageId: `tg:${update.update_id}`,
        choice: query.data,
        // A callback query carries no date of its own.
        sentAt: now(),
      },
    };
  }
  const kind = Object.keys(update).find((k) => k !== 'update_id') ?? 'empty';
  return { kind: 'ignore', reason: `update type ${kind}` };
}

/** The chat an update belongs to, for per-chat sequencing; tolerant of any shape. */
export function chatKeyOf(update: unknown): string | undefined {
  if (typeof update !== 'object' || update === null) return undefined;
  for (const value of Object.values(update)) {
    if (typeof value !== 'object' || value === null) continue;
    const holder = 'chat' in value ? value : 'message' in value ? (value as { message: unknown }).message : undefined;
    const chatValue = typeof holder === 'object' && holder !== null && 'chat' in holder ? holder.chat : undefined;
    if (typeof chatValue === 'object' && chatValue !== null && 'id' in chatValue) {
      const id = chatValue.id;
      if (typeof id === 'number' || typeof id === 'string') return String(id);
    }
  }
  return undefined;
}
