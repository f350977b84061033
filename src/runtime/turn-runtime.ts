/**
 * The turn runtime: one inbound message → one atomic dialog step in the session store → effects → replies.
 * The only place where the clock, the store and the pure dialog meet.
 */
import type { InboundMessage, ReplyTarget, Reply, TurnHandler, TurnResult } from '../contract/index.js';
import { stepInPlace, type DialogInput } from '../dialog/engine.js';
import type { DialogContext, DialogRules, FaqPort, Understand } from '../dialog/ports.js';
import type { DialogSpec } from '../dialog/spec.js';
import { parseState, serializeState, settleState, type DialogState } from '../dialog/state.js';
import type { RunTurnOptions, SessionKey, SessionStore } from '../store/session-store.js';
import { slowDownReplies, type RateLimitPolicy } from '../ratelimit/rate-limit.js';
import type { Effect, ReminderPort } from './effects.js';
import { checkTimeZone, DEFAULT_TIME_ZONE, localDate } from '../time/zoned-time.js';
import { decodeOutboxPayload, encodeOutboxPayload } from '../outbox/entry.js';

export interface TurnRuntimeOptions {
  store: SessionStore;
  rules: DialogRules;
  spec: DialogSpec;
  understand: Understand;
  faq: FaqPort;
  reminders?: ReminderPort;
  /** ms since epoch; tests pass a fixed clock. */
  clock?: () => number;
  /** IANA zone of the users' "today" (default Asia/Shanghai). */
  timezone?: string;
  /** Per-user flood protection, counted inside the store's commit; without it nobody is limited. */
  rateLimit?: RateLimitPolicy;
  /** Tests only: how a stored state is read (default parseState), to count the reads a kept state saves. */
  readState?: (raw: string | null) => DialogState | null;
}

/**
 * @example
 * const handler = createTurnHandler({ store, rules, spec, understand, faq });
 * const result = await handler.handle({ channel: 'console', userId: 'local', chatId: 'local', messageId: '1',
 *   text: '我32岁', sentAt: Date.now() });
 */
export function createTurnHandler(options: TurnRuntimeOptions): TurnHandler {
  const { store, rules, spec, understand, faq, reminders } = options;
  const clock = options.clock ?? Date.now;
  const timezone = options.timezone ?? DEFAULT_TIME_ZONE;
  checkTimeZone(timezone);
  const rateLimit = options.rateLimit;
  const readState = options.readState ?? parseState;
  const turnOptions: RunTurnOptions = rateLimit ? { rateLimit: { max: rateLimit.max, windowMs: rateLimit.windowMs } } : {};

  async function runEffect(effect: Effect, key: SessionKey, target: ReplyTarget): Promise<Reply[]> {
    if (effect.type === 'handoff') return [];
    if (effect.type === 'forget') {
      await store.forget(key);
      return reminders ? reminders.forgetUser(target) : [];
    }
    if (!reminders) return [{ kind: 'notice', text: spec.messages.remindersSoon }];
    switch (effect.type) {
      case 'saveReminder':
        return reminders.save(target, effect.reminder);
      case 'listReminders':
        return reminders.list(target);
      case 'cancelReminder':
        return reminders.cancel(target, effect.index);
    }
  }

  return {
    async handle(message: InboundMessage): Promise<TurnResult> {
      const now = clock();
      const today = localDate(now, timezone);
      // Two literals rather than a conditional spread: this runs on every turn, and the spread built a second object.
      const ctx: DialogContext = reminders
        ? { spec, rules, understand, faq, today, now, reminders: reminders.dialog }
        : { spec, rules, understand, faq, today, now };
      const input: DialogInput = { text: message.text, choice: message.choice, command: message.command };
      // The message itself is the session key (it has `channel` and `userId`; the store keeps no reference to it).
      const key: SessionKey = message;
      const turnId = message.messageId;
      const outcome = await store.runTurn(
        key,
        turnId,
        (current, kept?: DialogState | null) => {
          // The state this process stored last time, as it reads back, saves parsing the very string it was stored as.
          const out = stepInPlace(kept === undefined ? readState(current) : kept, input, ctx);
          // The replies go into the outbox with the commit, so a process that dies before sending them loses nothing.
          const replies = out.replies;
          const replay = replayable(out.effects);
          const outbox =
            replies.length > 0 || replay ? encodeOutboxPayload(message.chatId, replies, replay ? out.effects : undefined) : undefined;
          // Not for a turn with effects: their replies are added after the commit and may not ride in the answer.
          const outboxAwaitsRedelivery = outbox !== undefined && out.effects.length === 0 && message.answeredInResponse?.(replies) === true;
          if (!out.state) return { next: null, result: out, outbox, outboxAwaitsRedelivery };
          return { next: serializeState(out.state), result: out, memo: settleState(out.state), outbox, outboxAwaitsRedelivery };
        },
        turnOptions,
      );
      if (outcome.status === 'duplicate') return redelivered(outcome.pending, key, turnId, message);
      if (outcome.status === 'rate_limited') return { status: 'rate_limited', replies: slowDownReplies(outcome.first, rateLimit!) };
      const entered = outcome.result.replies.length > 0 || replayable(outcome.result.effects);
      const delivered = entered ? () => store.outbox.acknowledge(key, turnId) : undefined;
      // Most turns have no effect: their replies go out as the step made them, without a copy.
      const { effects } = outcome.result;
      if (effects.length === 0) {
        return delivered
          ? { status: 'applied', replies: outcome.result.replies, delivered }
          : { status: 'applied', replies: outcome.result.replies };
      }
      const replies = [...outcome.result.replies];
      const target: ReplyTarget = { channel: message.channel, chatId: message.chatId, userId: message.userId };
      let erased = false;
      let handoff = false;
      for (const effect of effects) {
        if (effect.type === 'forget') erased = true;
        if (effect.type === 'handoff') handoff = true;
        replies.push(...(await runEffect(effect, key, target)));
      }
      // The effects' replies (a reminder's confirmation…) come after the commit: the entry holds the effects themselves
      // when running them again is harmless, so a redelivery can (docs/reliability.md). An erased turn has no outbox.
      return {
        status: 'applied',
        replies,
        ...(erased ? { erased } : delivered ? { delivered } : {}),
        ...(handoff ? { handoff } : {}),
      };
    },
  };

  /**
   * A redelivery: nothing to send, or the first delivery's replies that never left, now this caller's to send — with
   * the replies of the effects recorded in the entry, run again here (the process that committed the turn may have
   * died before it ran them; each of them is harmless to run twice).
   */
  async function redelivered(pending: string | undefined, key: SessionKey, turnId: string, message: InboundMessage): Promise<TurnResult> {
    if (pending === undefined) return { status: 'duplicate' };
    const delivered = () => store.outbox.acknowledge(key, turnId);
    const payload = decodeOutboxPayload(pending);
    if (!payload) {
      // Not an entry this code wrote: drop it rather than offer it again on every redelivery.
      delivered();
      return { status: 'duplicate' };
    }
    const effects = (payload.effects ?? []).filter(isReplayable);
    if (effects.length === 0) return { status: 'duplicate', replies: payload.replies, delivered };
    const target: ReplyTarget = { channel: message.channel, chatId: message.chatId, userId: message.userId };
    const replies = [...payload.replies];
    for (const effect of effects) replies.push(...(await runEffect(effect, key, target)));
    return { status: 'duplicate', replies, delivered };
  }
}

/**
 * Effects a redelivery may run again: scheduling a reminder (its id is a hash of user, kind, time and text, and a
 * delivered one is remembered, so a second run adds nothing) and listing them (read only). Not `cancelReminder`: it
 * names a position in the list, and a second run would cancel the next reminder; not `forget` (it deletes the outbox
 * itself) nor `handoff` (no reply of its own).
 */
function isReplayable(effect: unknown): effect is Effect {
  const type = (effect as { type?: unknown } | null)?.type;
  return type === 'saveReminder' || type === 'listReminders';
}

function replayable(effects: readonly Effect[]): boolean {
  return effects.length > 0 && effects.every(isReplayable);
}
