/**
 * Talking to the real app as Telegram does: updates POSTed to /telegram/webhook with the secret header (a webhook
 * reply in the answer performed on the local Telegram API server), replies read back from that server. Shared by the
 * server and cluster tests.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { BotApp } from '../../src/app/index.js';
import type { TelegramApiServer } from '../support/telegram-api-server.js';
import { deliverTelegramUpdate } from '../support/telegram-webhook.js';
import { commandUpdate, textUpdate } from '../channels/telegram/updates.js';
import { REPO_ROOT } from './harness.js';

export const WEBHOOK_SECRET = 'reminder-turns-secret';

/** The delivered reminder as dialogs/reminders.yaml words it (`delivery.text` with {what}). */
export function deliveredReminderText(what: string): string {
  const texts = parse(readFileSync(`${REPO_ROOT}dialogs/reminders.yaml`, 'utf8')) as { delivery: { text: string } };
  return texts.delivery.text.replace('{what}', what);
}

/** A Telegram user of its own per test file, so keys containing its id belong to this test only. */
export function testPerson(): { id: number; is_bot: false; first_name: string } {
  return { id: randomInt(600_000_000, 700_000_000), is_bot: false, first_name: '测试' };
}

export class TelegramConversation {
  private updateId = randomInt(1, 1_000_000);

  constructor(
    private readonly app: BotApp,
    private readonly api: TelegramApiServer,
    readonly person: ReturnType<typeof testPerson>,
  ) {}

  /** Texts sent to this person's chat so far. */
  textsSent(): string[] {
    return this.api
      .sent('sendMessage')
      .filter((m) => String(m.chat_id) === String(this.person.id))
      .map((m) => String(m.text));
  }

  /** Sends a text (or `/command`) and returns the texts the bot sent in answer to it. */
  async say(text: string): Promise<string[]> {
    const before = this.textsSent().length;
    const update = text.startsWith('/')
      ? commandUpdate(++this.updateId, text.slice(1), this.person)
      : textUpdate(++this.updateId, text, this.person);
    const response = await deliverTelegramUpdate(this.app.server, update, { secret: WEBHOOK_SECRET, api: this.api });
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${response.body}`);
    // The webhook may answer before background sends finish: wait until this turn's replies arrived.
    await this.api.waitFor(() => this.textsSent().length > before, 10_000);
    return this.textsSent().slice(before);
  }

  /** Resolves once a message with exactly `text` reached this person's chat. */
  async waitForText(text: string, timeoutMs: number): Promise<void> {
    await this.api.waitFor(() => this.textsSent().includes(text), timeoutMs);
  }
}
