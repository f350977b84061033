/** Reminders: parse "3个月后提醒我…", store them durably (BullMQ) or in process, deliver them on the user's channel. */
export type { ReminderService, ReminderUser, ReminderEntry, ReminderKind, ScheduleReminder, ChannelRateLimits } from './types.js';
export { REMINDER_KINDS, DEFAULT_RATE_LIMITS } from './types.js';
export { BullmqReminderService, type BullmqReminderOptions, type ReminderLogger } from './bullmq-service.js';
export { InProcessReminderService, type InProcessReminderOptions } from './in-process-service.js';
export {
  parseReminderText,
  reminderSubject,
  type ParsedReminderText,
  type ParseReminderOptions,
  type ReminderDateProblem,
  type ReminderDateQuestion,
} from './parse-date.js';
export { reminderOffers, type ReminderOffer } from './offers.js';
export { reminderDialog } from './dialog-port.js';
export { confirmReply, savedReply, listReply, dateQuestionReply, formatWhen, parseCancelCommand } from './render.js';
export { loadReminderTexts, type ReminderTexts } from './texts.js';
