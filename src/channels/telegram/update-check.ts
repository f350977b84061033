/**
 * The same check as `updateSchema` (inbound.ts), by hand, for the webhook: it runs on every body, and the schema
 * builds a copy of every object it passes (about a microsecond and the garbage of a second Update per request). This
 * one returns the parsed body itself. test/channels/telegram/update-check.test.ts holds the two to the same verdicts,
 * so a field added to the schema must be added here too.
 */
import type { TelegramUpdate } from './inbound.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `z.number().int()`: a safe integer. */
function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function isNonNegativeInt(value: unknown): boolean {
  return isInt(value) && value >= 0;
}

function isOptional(value: unknown, check: (v: unknown) => boolean): boolean {
  return value === undefined || check(value);
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isUser(value: unknown): boolean {
  return isRecord(value) && isInt(value.id) && (value.is_bot === undefined || typeof value.is_bot === 'boolean') && isOptionalString(value.username);
}

function isChat(value: unknown): boolean {
  return isRecord(value) && isInt(value.id) && typeof value.type === 'string';
}

function isEntity(value: unknown): boolean {
  return (
    isRecord(value) && typeof value.type === 'string' && isNonNegativeInt(value.offset) && isNonNegativeInt(value.length) && isOptional(value.user, isUser)
  );
}

function isEntities(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const entity of value) if (!isEntity(entity)) return false;
  return true;
}

function isRepliedTo(value: unknown): boolean {
  return isRecord(value) && isOptional(value.from, isUser);
}

function isMessage(value: unknown): boolean {
  return (
    isRecord(value) &&
    isInt(value.message_id) &&
    isInt(value.date) &&
    isChat(value.chat) &&
    isOptional(value.from, isUser) &&
    isOptionalString(value.text) &&
    isOptional(value.entities, isEntities) &&
    isOptional(value.reply_to_message, isRepliedTo)
  );
}

function isButtonMessage(value: unknown): boolean {
  return isRecord(value) && isChat(value.chat);
}

function isCallbackQuery(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    value.id.length >= 1 &&
    isUser(value.from) &&
    isOptionalString(value.data) &&
    isOptional(value.message, isButtonMessage)
  );
}

/** Whether `value` passes `updateSchema`; when it does, it can be used as the schema's output (nothing is copied). */
export function isTelegramUpdate(value: unknown): value is TelegramUpdate {
  return (
    isRecord(value) && isNonNegativeInt(value.update_id) && isOptional(value.message, isMessage) && isOptional(value.callback_query, isCallbackQuery)
  );
}
