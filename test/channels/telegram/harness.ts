/** Shared pieces of the Telegram tests: a minimal Redis-backed TurnHandler and a logger that keeps its lines. */
import type { Redis } from 'ioredis';
import type { InboundMessage, Reply, TurnHandler, TurnResult } from '../../../src/contract/index.js';
import type { TelegramLogger } from '../../../src/channels/telegram/index.js';

export interface RecordingHandler extends TurnHandler {
  /** Every message handed to the handler, duplicates included. */
  received: InboundMessage[];
  /** Only the turns that were applied. */
  applied: InboundMessage[];
}

/**
 * Stands in for src/runtime's handler in protocol tests: dedupes by messageId with SET NX on the real test Redis
 * (as the real one does, in the same round trip as the commit) and answers with `reply(message)`.
 */
export function redisDedupeHandler(redis: Redis, prefix: string, reply: (m: InboundMessage) => Reply[]): RecordingHandler {
  const received: InboundMessage[] = [];
  const applied: InboundMessage[] = [];
  return {
    received,
    applied,
    async handle(incoming: InboundMessage): Promise<TurnResult> {
      // What the update said; the webhook's answer hook for the outbox is not part of it.
      const { answeredInResponse: _hook, ...message } = incoming;
      received.push(message);
      const fresh = await redis.set(`${prefix}seen:${message.messageId}`, '1', 'EX', 600, 'NX');
      if (fresh !== 'OK') return { status: 'duplicate' };
      applied.push(message);
      return { status: 'applied', replies: reply(message) };
    },
  };
}

export interface LogLine {
  level: string;
  obj: object;
  msg?: string;
}

export function recordingLogger(): TelegramLogger & { lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => lines.map((l) => `${l.level} ${l.msg ?? ''} ${JSON.stringify(l.obj)}`).join('\n'),
  };
}

/** What the protocol tests' stand-in dialog answers: a question with buttons for /start, an echo otherwise. */
export function standInReplies(m: InboundMessage): Reply[] {
  if (m.command === 'start') {
    return [
      {
        kind: 'question',
        text: '您想在哪个城市落户或积分？',
        choices: [
          { label: '上海', value: 'city:shanghai' },
          { label: '北京', value: 'city:beijing' },
        ],
      },
    ];
  }
  if (m.choice) return [{ kind: 'notice', text: `已选择 ${m.choice}` }];
  return [{ kind: 'answer', text: `收到：${m.text ?? m.command ?? ''}` }];
}
