/**
 * How the webhook learns that an update's turn is committed while the bot is still working on it, and takes the
 * turn's reply into its HTTP response when it may.
 *
 * `bot.handleUpdate(update)` only resolves after the whole middleware ran, sends included. The webhook wants to
 * answer Telegram as soon as the state is safe, so the middleware signals the commit through this side channel,
 * keyed by the very update object handed to handleUpdate. With the commit it may offer the turn's one message: the
 * webhook then answers with it as a "webhook reply" (Bot API: "you can perform a request to the Bot API while
 * sending an answer to the webhook") and the middleware must not send it. grammY's own `webhookReplyEnvelope` would
 * take the first eligible API call whatever comes after it; here the bot decides ("exactly one message") and the
 * answer leaves right after the commit, never waiting for answerCallbackQuery or a send.
 */
import { keyboardMarkupJson, type RenderedMessage } from './render.js';

/** The shape of a webhook reply's body: the method and the very params `api.sendMessage` would have sent. */
export interface WebhookReply extends RenderedMessage {
  method: 'sendMessage';
  chat_id: string;
}

/** Called once the answer carrying a webhook reply has gone out (the turn's outbox entry is then acknowledged). */
export type OnReplySent = () => void;

interface CommitWatcher {
  /**
   * `replyBody`: the JSON of a WebhookReply (`webhookReplyBody`), when the webhook answers with it; `onSent` is then
   * to be called once that answer has been handed to the network (its 2xx went out), if ever.
   */
  onCommit: (replyBody: string | undefined, onSent: OnReplySent | undefined) => void;
  /**
   * Whether the webhook answers with a reply, asked at the commit: TELEGRAM_WEBHOOK_REPLY, and the request still
   * open (an answer to a request Telegram has dropped is never read). Polling registers no watcher at all.
   */
  takesReply: () => boolean;
}

const watchers = new WeakMap<object, CommitWatcher>();

/** Registers `onCommit` for `update`; call before `bot.handleUpdate(update)`. */
export function watchCommit(
  update: object,
  onCommit: (replyBody: string | undefined, onSent: OnReplySent | undefined) => void,
  takesReply: () => boolean = () => false,
): void {
  watchers.set(update, { onCommit, takesReply });
}

/** Whether the webhook would answer `update` with its reply right now (a watcher that takes one). */
export function takesReplyFor(update: object): boolean {
  return watchers.get(update)?.takesReply() === true;
}

/**
 * Signals that `update`'s turn is committed. `reply`, when given, is the one message offered to the webhook (its body
 * is built only if taken): returns true when the webhook answers with it (the caller must then not send it), false
 * when the caller sends it itself (polling, TELEGRAM_WEBHOOK_REPLY=false). `onSent` goes with a taken reply.
 */
export function signalCommitted(update: object, chatId: string, reply: RenderedMessage | undefined, onSent?: OnReplySent): boolean {
  const watcher = watchers.get(update);
  watchers.delete(update);
  if (!watcher) return false;
  const taken = reply !== undefined && watcher.takesReply();
  if (taken) watcher.onCommit(webhookReplyBody(chatId, reply), onSent);
  else watcher.onCommit(undefined, undefined);
  return taken;
}

/**
 * `JSON.stringify` of the WebhookReply sending `message` to `chatId`, byte for byte (keys in the order the Bot API
 * call would have had them), written out so that a memoised keyboard's JSON is spliced in instead of re-serialised.
 */
export function webhookReplyBody(chatId: string, message: RenderedMessage): string {
  const markup = message.reply_markup === undefined ? '' : `,"reply_markup":${keyboardMarkupJson(message.reply_markup)}`;
  return `{"method":"sendMessage","chat_id":${JSON.stringify(chatId)},"text":${JSON.stringify(message.text)},"parse_mode":${JSON.stringify(message.parse_mode)}${markup}}`;
}

/** The turn handler failed (e.g. Redis down): nothing was committed, the update must be redelivered. */
export class TurnCommitError extends Error {
  override readonly name = 'TurnCommitError';
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? `turn not committed: ${cause.message}` : 'turn not committed');
  }
}
