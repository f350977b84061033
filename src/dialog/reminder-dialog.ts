/**
 * Setting a reminder inside the conversation, pure like the rest of the dialog: the date is read here (with `ctx.now`
 * and the users' timezone), the reminder waits in the state until the user confirms, and only then an effect asks
 * the runtime to save it. So 确认 may arrive in the next message, handled by another process.
 *
 *   "3个月后提醒我查证书" → confirm (确认 / 不用了) → saveReminder
 *   "2025年3月1日提醒我报名" → "这个时间已经过去了…" → "2027年3月1日" → confirm → saveReminder
 *   设提醒 (after a result) → the offers of `reminderOffers`, numbered → one tap saves
 */
import { fill } from '../text/template.js';
import { instantAt } from '../time/zoned-time.js';
import { choiceValue, type ReminderChoice } from './choice-value.js';
import type { Effect, ReminderToSave } from './effect.js';
import type { DialogContext } from './ports.js';
import type { Reply } from '../contract/index.js';
import {
  type OfferableReminderKind,
  type ParsedReminderText,
  REMINDER_KINDS,
  type ReminderDialogContext,
  type ReminderKind,
  type ReminderOffer,
} from './reminder-port.js';
import { scorable } from './scorable.js';
import type { DialogState, PendingReminder } from './state.js';

export interface ReminderTurn {
  replies: Reply[];
  effects: Effect[];
}

/** Hour of the day an offered reminder fires, local time (as `reminderOffers` documents). */
const OFFER_HOUR = 9;

type Offerable = OfferableReminderKind;

function offersFor(state: DialogState, ctx: DialogContext, rc: ReminderDialogContext): ReminderOffer[] {
  if (!state.city) return [];
  const facts = scorable(state.facts);
  return rc.offers(ctx.rules.evaluate(facts, state.city, ctx.today), facts, ctx.today, ctx.rules.permitSchedule);
}

function offerWhat(offer: { kind: ReminderKind }, state: DialogState, ctx: DialogContext, rc: ReminderDialogContext): string {
  if (offer.kind === 'custom') return '';
  const city = ctx.rules.cities.find((c) => c.id === state.city)?.name ?? '';
  const label =
    offer.kind === 'sit_exam' && state.city ? (ctx.rules.evaluate(scorable(state.facts), state.city, ctx.today).next[0]?.label ?? '') : '';
  return fill(rc.texts.dialog.what[offer.kind], { city, label });
}

function offerReminder(offer: ReminderOffer, state: DialogState, ctx: DialogContext, rc: ReminderDialogContext): ReminderToSave {
  const [year, month, day] = offer.dueAt.split('-').map(Number) as [number, number, number];
  const dueAt = instantAt({ year, month, day, hour: OFFER_HOUR, minute: 0, second: 0 }, rc.timezone).getTime();
  return { dueAt, what: offerWhat(offer, state, ctx, rc), kind: offer.kind, precision: 'day' };
}

/** "设提醒": the reminders worth setting after this result, numbered; one tap (or its number) saves one. */
export function offerReminders(state: DialogState, ctx: DialogContext, rc: ReminderDialogContext, lead: string[] = []): ReminderTurn {
  const t = rc.texts;
  const offers = offersFor(state, ctx, rc);
  if (!offers.length) {
    state.offered = [];
    return { replies: [{ kind: 'notice', text: [...lead, t.dialog.offers_none].join('\n') }], effects: [] };
  }
  const choices = offers.map((o) => ({ label: o.label, value: choiceValue.reminderOffer(o.kind, o.dueAt) }));
  state.offered = choices.map((c) => c.value);
  return {
    replies: [{ kind: 'question', text: [...lead, t.offers.title].join('\n'), after: t.dialog.own_time_hint, choices }],
    effects: [],
  };
}

function askToConfirm(state: DialogState, reminder: ReminderToSave, rc: ReminderDialogContext): ReminderTurn {
  state.reminder = { ask: 'confirm', ...reminder, dueAt: Math.floor(reminder.dueAt / 1000) * 1000 };
  const parsed: Extract<ParsedReminderText, { ok: true }> = {
    ok: true,
    dueAt: new Date(state.reminder.dueAt!),
    what: reminder.what,
    precision: reminder.precision,
    ...(reminder.repeat ? { repeat: reminder.repeat } : {}),
  };
  const reply = rc.confirmReply(parsed);
  state.offered = reply.choices?.map((c) => c.value) ?? [];
  return { replies: [reply], effects: [] };
}

function askForDate(state: DialogState, pending: PendingReminder, rc: ReminderDialogContext): ReminderTurn {
  state.reminder = pending;
  state.offered = [];
  const question = pending.ask === 'confirm' ? 'ask_date' : pending.ask;
  return { replies: [rc.dateQuestionReply(question)], effects: [] };
}

function save(state: DialogState, reminder: ReminderToSave): ReminderTurn {
  state.reminder = undefined;
  state.offered = [];
  return { replies: [], effects: [{ type: 'saveReminder', reminder }] };
}

function topicOf(text: string, rc: ReminderDialogContext): Offerable | undefined {
  const topics = rc.texts.dialog.topics;
  return (Object.keys(topics) as Offerable[]).find((kind) => topics[kind].some((word) => text.includes(word)));
}

/** A reminder about an offered kind ("提醒我复审", the FAQ's 设复审提醒): its date when we can compute it, else asked. */
function remindAbout(kind: Offerable, state: DialogState, ctx: DialogContext, rc: ReminderDialogContext): ReminderTurn {
  const offer = offersFor(state, ctx, rc).find((o) => o.kind === kind);
  if (offer) return askToConfirm(state, offerReminder(offer, state, ctx, rc), rc);
  return askForDate(state, { ask: 'ask_date', what: offerWhat({ kind }, state, ctx, rc), kind }, rc);
}

function toSave(parsed: Extract<ParsedReminderText, { ok: true }>, what: string, kind: ReminderKind): ReminderToSave {
  return { dueAt: parsed.dueAt.getTime(), what, kind, precision: parsed.precision, ...(parsed.repeat ? { repeat: parsed.repeat } : {}) };
}

/** Free text asking for a reminder: "3个月后提醒我查证书", "提醒我复审", "提醒我". */
export function requestReminder(state: DialogState, text: string, ctx: DialogContext, rc: ReminderDialogContext): ReminderTurn {
  const parsed = rc.read(text, ctx.now);
  if (parsed.ok) return askToConfirm(state, toSave(parsed, parsed.what, 'custom'), rc);
  const what = rc.subject(text, ctx.now);
  if (parsed.question === 'ask_date') {
    const topic = topicOf(what, rc);
    if (topic) return remindAbout(topic, state, ctx, rc);
    if (!what) return offerReminders(state, ctx, rc);
  }
  return askForDate(state, { ask: parsed.question, what, kind: 'custom', ...(parsed.question === 'ask_meridiem' ? { text } : {}) }, rc);
}

/** A pressed reminder button: 确认 / 不用了, an offer, or a topic ("remind:review"). */
export function reminderChoice(
  state: DialogState,
  held: PendingReminder | undefined,
  value: ReminderChoice,
  ctx: DialogContext,
  rc: ReminderDialogContext,
): ReminderTurn {
  if (value.type === 'reminderConfirm' && value.yes && held?.ask === 'confirm' && held.dueAt !== undefined) {
    const { what, kind, dueAt, repeat, precision } = held;
    // Confirmed after the time itself went by: ask for a new time rather than save one that fires at once.
    if (dueAt <= ctx.now) return askForDate(state, { ask: 'ask_future', what, kind }, rc);
    return save(state, { dueAt, what, kind, precision: precision ?? 'day', ...(repeat ? { repeat } : {}) });
  }
  if (value.type === 'reminderConfirm') {
    // 确认 for a reminder no longer waiting (pressed twice, or after something else): nothing to save.
    state.reminder = undefined;
    state.offered = [];
    return { replies: [{ kind: 'notice', text: rc.texts.dialog.declined }], effects: [] };
  }
  if (value.type === 'reminderOffer') {
    const { kind, dueAt } = value;
    const offer = offersFor(state, ctx, rc).find((o) => o.kind === kind && o.dueAt === dueAt);
    if (offer) return save(state, offerReminder(offer, state, ctx, rc));
    return offerReminders(state, ctx, rc, [rc.texts.dialog.offer_gone]);
  }
  const topic = value.kind;
  if ((REMINDER_KINDS as readonly string[]).includes(topic) && topic !== 'custom') return remindAbout(topic as Offerable, state, ctx, rc);
  return offerReminders(state, ctx, rc);
}

const CONFIRM: ReminderChoice = { type: 'reminderConfirm', yes: true };
const DECLINE: ReminderChoice = { type: 'reminderConfirm', yes: false };

const CLOCK_HOUR = /(\d{1,2}|[零〇一二两三四五六七八九十]{1,3})(?=\s*[点时:：])/;

/**
 * The user's next message while a reminder waits: 确认 / 不用了, or an answer to the date question.
 * null: the message is about something else; the caller drops the reminder and reads the message as usual.
 */
export function continueReminder(
  state: DialogState,
  held: PendingReminder,
  text: string,
  ctx: DialogContext,
  rc: ReminderDialogContext,
): ReminderTurn | null {
  const d = rc.texts.dialog;
  const bare = text.replace(/[\s。.!！~～,，]+$/u, '');
  if (d.no_words.includes(bare)) return reminderChoice(state, held, DECLINE, ctx, rc);
  if (held.ask === 'confirm') return d.yes_words.includes(bare) ? reminderChoice(state, held, CONFIRM, ctx, rc) : null;
  const meridiem = d.meridiem_words.find((w) => bare === w || bare === `${w}的`);
  const reread = held.ask === 'ask_meridiem' && meridiem && held.text ? held.text.replace(CLOCK_HOUR, `${meridiem}$1`) : text;
  const parsed = rc.read(reread, ctx.now);
  if (parsed.ok) return askToConfirm(state, toSave(parsed, parsed.what || held.what, held.kind), rc);
  if (parsed.question === 'ask_date') return null;
  return askForDate(state, { ...held, ask: parsed.question, ...(parsed.question === 'ask_meridiem' ? { text: reread } : {}) }, rc);
}
