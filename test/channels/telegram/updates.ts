/**
 * Update bodies shaped exactly like the ones Telegram POSTs (field names and nesting from the Bot API reference,
 * https://core.telegram.org/bots/api#update). Ids and texts are made up.
 */
import { TEST_BOT_INFO } from '../../support/telegram-api-server.js';

interface Person {
  id: number;
  is_bot: boolean;
  first_name: string;
  language_code?: string;
}

export const ALICE: Person = { id: 5550001, is_bot: false, first_name: 'Alice', language_code: 'zh-hans' };
export const BOB: Person = { id: 5550002, is_bot: false, first_name: 'Bob' };
const privateChat = (user: Person) => ({ id: user.id, first_name: user.first_name, type: 'private' });
const GROUP = { id: -1001234567890, title: '电工交流群', type: 'supergroup' };
const BOT_USER = { id: TEST_BOT_INFO.id, is_bot: true, first_name: TEST_BOT_INFO.first_name, username: TEST_BOT_INFO.username };
const DATE = 1767225600; // 2026-01-01T00:00:00Z

let messageIds = 100;

export function textUpdate(updateId: number, text: string, from = ALICE) {
  return { update_id: updateId, message: { message_id: messageIds++, from, chat: privateChat(from), date: DATE, text } };
}

export function commandUpdate(updateId: number, command: string, from = ALICE) {
  const text = `/${command}`;
  const name = text.split(/\s/)[0]!;
  return {
    update_id: updateId,
    message: {
      message_id: messageIds++,
      from,
      chat: privateChat(from),
      date: DATE,
      text,
      entities: [{ offset: 0, length: name.length, type: 'bot_command' }],
    },
  };
}

export function callbackUpdate(updateId: number, data: string, from = ALICE) {
  return {
    update_id: updateId,
    callback_query: {
      id: `4382bfdwdsb323b2d9-${updateId}`,
      from,
      chat_instance: '-8315739120384729384',
      data,
      message: { message_id: 1000, from: BOT_USER, chat: privateChat(from), date: DATE, text: '请选择' },
    },
  };
}

export function editedMessageUpdate(updateId: number, text: string) {
  return {
    update_id: updateId,
    edited_message: { message_id: 7, from: ALICE, chat: privateChat(ALICE), date: DATE, edit_date: DATE + 60, text },
  };
}

export function stickerUpdate(updateId: number) {
  return {
    update_id: updateId,
    message: {
      message_id: messageIds++,
      from: ALICE,
      chat: privateChat(ALICE),
      date: DATE,
      sticker: {
        file_id: 'CAACAgIAAxkBAAIBY2Zx',
        file_unique_id: 'AgADrQADWbv8JQ',
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
        emoji: '👍',
        set_name: 'HotCherry',
      },
    },
  };
}

export function photoUpdate(updateId: number) {
  const size = (w: number, uid: string) => ({
    file_id: `AgACAgUAAxkBAAIB${uid}`,
    file_unique_id: uid,
    width: w,
    height: w,
    file_size: w * 40,
  });
  return {
    update_id: updateId,
    message: {
      message_id: messageIds++,
      from: ALICE,
      chat: privateChat(ALICE),
      date: DATE,
      photo: [size(90, 'AQADs1'), size(320, 'AQADs2'), size(800, 'AQADs3')],
      caption: '我的电工证',
    },
  };
}

export function groupTextUpdate(updateId: number, text: string, extra: Record<string, unknown> = {}) {
  return { update_id: updateId, message: { message_id: messageIds++, from: BOB, chat: GROUP, date: DATE, text, ...extra } };
}

export function groupMentionUpdate(updateId: number, question: string) {
  const mention = `@${TEST_BOT_INFO.username}`;
  return groupTextUpdate(updateId, `${mention} ${question}`, {
    entities: [{ offset: 0, length: mention.length, type: 'mention' }],
  });
}

export function groupReplyToBotUpdate(updateId: number, text: string) {
  return groupTextUpdate(updateId, text, {
    reply_to_message: { message_id: 1001, from: BOT_USER, chat: GROUP, date: DATE, text: '您在哪个城市？' },
  });
}

export function groupCommandUpdate(updateId: number, command: string, botName?: string) {
  const text = botName ? `/${command}@${botName}` : `/${command}`;
  return groupTextUpdate(updateId, text, { entities: [{ offset: 0, length: text.length, type: 'bot_command' }] });
}

export function groupJoinUpdate(updateId: number) {
  return {
    update_id: updateId,
    message: {
      message_id: messageIds++,
      from: BOB,
      chat: GROUP,
      date: DATE,
      new_chat_members: [BOT_USER],
      new_chat_member: BOT_USER,
      new_chat_participant: BOT_USER,
    },
  };
}

export function myChatMemberUpdate(updateId: number) {
  return {
    update_id: updateId,
    my_chat_member: {
      chat: privateChat(ALICE),
      from: ALICE,
      date: DATE,
      old_chat_member: { user: BOT_USER, status: 'member' },
      new_chat_member: { user: BOT_USER, status: 'kicked', until_date: 0 },
    },
  };
}
