/**
 * The values buttons carry (`Choice.value`, coming back as `InboundMessage.choice`), encoded and decoded here only.
 * Channels pass them through untouched; FAQ entries in dialogs/faq/ write `faq:<id>` and `remind:<kind>` as data.
 *
 *   cmd:<command>             runs a command (back, skip, compare…)
 *   t:<text>                  is read as if the user had typed the text
 *   q:<question key>=<value>  answers a question (possibly not the pending one: a late press corrects)
 *   a:<about>:<value>         picks one reading of an ambiguous message
 *   faq:<entry id>            shows that FAQ entry
 *   reminder:yes|no           confirms or declines the reminder waiting in the state
 *   ro:<kind>:<YYYY-MM-DD>    accepts an offered reminder
 *   remind:<kind>             asks for a reminder about a topic (the FAQ's 设复审提醒)
 *
 * A value is at most 64 bytes (Telegram's callback_data). Values arrive from outside: decoding never trusts them.
 */

/** Commands a button (`cmd:<name>`), a slash command or words may run. */
export const COMMAND_NAMES = [
  'start',
  'help',
  'restart',
  'result',
  'compare',
  'forget',
  'reminders',
  'remind',
  'back',
  'skip',
  'continue',
  'startOver',
  'faq',
  'handoff',
  'supplement',
  'details',
] as const;
export type ButtonCommand = (typeof COMMAND_NAMES)[number];
/** Every command; `cancelReminder` comes from words only ("取消提醒 2"), since it needs the number the user said. */
export type Command = ButtonCommand | 'cancelReminder';

const BUTTON_COMMANDS: ReadonlySet<string> = new Set(COMMAND_NAMES);

export function isButtonCommand(name: string): name is ButtonCommand {
  return BUTTON_COMMANDS.has(name);
}

/** The largest value Telegram carries back (callback_data, in bytes). */
export const MAX_CHOICE_BYTES = 64;

export type ReminderChoice =
  | { type: 'reminderConfirm'; yes: boolean }
  | { type: 'reminderOffer'; kind: string; dueAt: string }
  | { type: 'reminderTopic'; kind: string };

export type DecodedChoice =
  | { type: 'command'; name: string }
  | { type: 'text'; text: string }
  | { type: 'answer'; key: string; value: string }
  | { type: 'ambiguity'; about: string; value: string }
  | { type: 'faq'; id: string }
  | ReminderChoice;

/** Builds the value of each kind of button. */
export const choiceValue = {
  command: (name: ButtonCommand): string => `cmd:${name}`,
  text: (text: string): string => `t:${text}`,
  answer: (key: string, value: string | number | boolean): string => `q:${key}=${String(value)}`,
  /** Cut to MAX_CHOICE_BYTES: the value names an option of the message just read, so a cut one still tells them apart. */
  ambiguity: (about: string, value: string): string => {
    let v = `a:${about}:${value}`;
    while (Buffer.byteLength(v) > MAX_CHOICE_BYTES) v = v.slice(0, -1);
    return v;
  },
  faq: (id: string): string => `faq:${id}`,
  reminderConfirm: (yes: boolean): string => (yes ? 'reminder:yes' : 'reminder:no'),
  reminderOffer: (kind: string, dueAt: string): string => `ro:${kind}:${dueAt}`,
  reminderTopic: (kind: string): string => `remind:${kind}`,
};

/** What a value asks for; undefined for a value that is none of ours (the engine reads it as text). */
export function decodeChoice(value: string): DecodedChoice | undefined {
  const colon = value.indexOf(':');
  if (colon < 0) return undefined;
  const rest = value.slice(colon + 1);
  switch (value.slice(0, colon)) {
    case 'cmd':
      return { type: 'command', name: rest };
    case 't':
      return { type: 'text', text: rest };
    case 'q': {
      const eq = rest.indexOf('=');
      return eq < 0 ? undefined : { type: 'answer', key: rest.slice(0, eq), value: rest.slice(eq + 1) };
    }
    case 'a': {
      const sep = rest.indexOf(':');
      return sep < 0 ? undefined : { type: 'ambiguity', about: rest.slice(0, sep), value: rest.slice(sep + 1) };
    }
    case 'faq':
      return { type: 'faq', id: rest };
    case 'reminder':
      // Anything but yes/no names no reminder: it offers the reminders worth setting, as an unknown topic does.
      return rest === 'yes' || rest === 'no' ? { type: 'reminderConfirm', yes: rest === 'yes' } : { type: 'reminderTopic', kind: '' };
    case 'ro': {
      const [kind = '', dueAt = ''] = rest.split(':');
      return { type: 'reminderOffer', kind, dueAt };
    }
    case 'remind':
      return { type: 'reminderTopic', kind: rest };
    default:
      return undefined;
  }
}

/** The question key of an answer value (`q:<key>=…`), else undefined; for grouping numbered picks of one question. */
export function answerKeyOf(value: string): string | undefined {
  const decoded = decodeChoice(value);
  return decoded?.type === 'answer' ? decoded.key : undefined;
}
