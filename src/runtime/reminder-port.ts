/**
 * The ReminderPort on a ReminderService (BullMQ or in-process): the dialog has already read the date and had it
 * confirmed; this only stores, lists, cancels and erases, and words the outcome with dialogs/reminders.yaml.
 */
import type { ReplyTarget, Reply } from '../contract/index.js';
import type { ReminderToSave } from '../dialog/effect.js';
import { reminderDialog } from '../reminders/dialog-port.js';
import { dateQuestionReply, listReply, savedReply } from '../reminders/render.js';
import { fillText, loadReminderTexts, type ReminderTexts } from '../reminders/texts.js';
import type { ReminderService, ReminderUser } from '../reminders/types.js';
import { DEFAULT_TIME_ZONE } from '../time/zoned-time.js';
import type { ReminderPort } from './effects.js';

export interface ReminderPortOptions {
  service: ReminderService;
  /** IANA zone of the users (default Asia/Shanghai): dates are read and shown in it. */
  timezone?: string;
  /** ms since epoch; tests pass a fixed clock. */
  clock?: () => number;
  /** Default: dialogs/reminders.yaml. */
  texts?: ReminderTexts;
  /** Told about storage failures (the user gets a friendly notice); never given the user's words. */
  onError?: (err: Error, operation: 'save' | 'list' | 'cancel' | 'forget') => void;
}

const userOf = (target: ReplyTarget): ReminderUser => ({ channel: target.channel, userId: target.userId });

/**
 * @example
 * const reminders = createReminderPort({ service: new InProcessReminderService(), timezone: 'Asia/Shanghai' });
 * const handler = createTurnHandler({ ...core, store, reminders });
 */
export function createReminderPort(options: ReminderPortOptions): ReminderPort {
  const { service } = options;
  const timezone = options.timezone ?? DEFAULT_TIME_ZONE;
  const clock = options.clock ?? Date.now;
  const texts = options.texts ?? loadReminderTexts();
  const unavailable: Reply[] = [{ kind: 'error', text: texts.dialog.unavailable }];

  async function guarded(operation: 'save' | 'list' | 'cancel' | 'forget', run: () => Promise<Reply[]>): Promise<Reply[]> {
    try {
      return await run();
    } catch (err) {
      options.onError?.(err instanceof Error ? err : new Error(String(err)), operation);
      return unavailable;
    }
  }

  return {
    dialog: reminderDialog(texts, timezone),
    save: (target, reminder: ReminderToSave) =>
      guarded('save', async () => {
        // The dialog checks this at 确认 too; a slow turn must not save a reminder that is already due.
        if (reminder.dueAt <= clock()) return [dateQuestionReply('ask_future', texts)];
        const dueAt = new Date(reminder.dueAt);
        await service.schedule({
          user: userOf(target),
          target,
          dueAt,
          text: reminder.what,
          kind: reminder.kind,
          ...(reminder.repeat ? { repeat: reminder.repeat } : {}),
        });
        return [savedReply(dueAt, reminder.what, service.durable, timezone, texts)];
      }),
    list: (target) => guarded('list', async () => [listReply(await service.list(userOf(target)), timezone, texts)]),
    cancel: (target, index) =>
      guarded('cancel', async () => {
        const user = userOf(target);
        const entry = (await service.list(user))[index - 1];
        if (entry && (await service.cancel(user, entry.id))) {
          return [{ kind: 'notice', text: fillText(texts.cancel.done, { n: index, what: entry.text || texts.confirm.default_what }) }];
        }
        return [{ kind: 'notice', text: fillText(texts.cancel.not_found, { n: index }) }];
      }),
    forgetUser: (target) =>
      guarded('forget', async () => ((await service.forgetUser(userOf(target))) > 0 ? [{ kind: 'notice', text: texts.forget }] : [])),
  };
}
