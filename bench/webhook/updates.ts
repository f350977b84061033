/**
 * Realistic Telegram webhook bodies: private-chat Updates (as api.telegram.org sends them, commands with their
 * `bot_command` entity) for many users, each user going through one intake from /start to the result.
 * Update ids come from one counter, so every request of a run is a distinct update.
 */

/** Our intake as a user types it: the city, one multi-fact sentence, then the follow-up questions (Shanghai). */
export function oursConversation(user: number): string[] {
  const age = 25 + (user % 20);
  const years = 2 + (user % 6);
  return [
    '/start',
    '上海',
    `我${age}岁，本科有学位，电工四级，交了${years}年社保`,
    '是',
    '对口',
    '2020年5月',
    '6年',
    '跳过',
    '跳过',
    '1',
    '1',
  ];
}

/**
 * The peer bot's intake: one answer per question (city, age, education, certificate, insurance years), the answers
 * being the labels of the buttons a grammY developer would show (taken from dialogs/intake.yaml).
 */
export function peerConversation(user: number): string[] {
  const age = 25 + (user % 20);
  const years = 2 + (user % 6);
  return ['/start', '上海', String(age), '本科（有学位）', '电工四级（中级工）', String(years)];
}

export class UpdateIds {
  private next = 100_000_000;
  take(): number {
    return this.next++;
  }
}

/** One private-chat text message from `userId`, serialised as Telegram POSTs it. */
export function textUpdate(updateId: number, userId: number, text: string, date: number): string {
  const command = text.startsWith('/') ? { entities: [{ offset: 0, length: text.split(' ')[0]!.length, type: 'bot_command' }] } : {};
  return JSON.stringify({
    update_id: updateId,
    message: {
      message_id: updateId % 1_000_000,
      from: { id: userId, is_bot: false, first_name: '师傅', language_code: 'zh-hans' },
      chat: { id: userId, first_name: '师傅', type: 'private' },
      date,
      text,
      ...command,
    },
  });
}
