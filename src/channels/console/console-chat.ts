/**
 * The terminal channel. On a TTY: a readline chat with a prompt. Otherwise: one user message per input line,
 * the replies printed after each, exit at end of input (so scripts can drive the bot).
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { InboundMessage, ResultCard, TurnHandler } from '../../contract/index.js';
import { renderReply } from './render.js';

export interface ConsoleChatOptions {
  handler: TurnHandler;
  input: Readable;
  output: Writable;
  /** Interactive terminal: show a prompt and the greeting before the first message. */
  interactive: boolean;
  userId?: string;
  /** Shown on a TTY before each message. */
  prompt?: string;
  /** Saves a result's picture and gives the line to print after the result (where it was saved, or why not). */
  onCard?: (card: ResultCard) => Promise<string>;
}

/** Runs the chat until the input ends; resolves with the number of messages handled. */
export async function runConsoleChat(options: ConsoleChatOptions): Promise<number> {
  const { handler, input, output, interactive } = options;
  const userId = options.userId ?? 'local';
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  const runId = Date.now().toString(36);
  let seq = 0;
  const send = async (fields: Pick<InboundMessage, 'text' | 'command'>) => {
    const message: InboundMessage = {
      channel: 'console',
      userId,
      chatId: userId,
      messageId: `console:${runId}:${++seq}`,
      sentAt: Date.now(),
      ...fields,
    };
    const result = await handler.handle(message);
    for (const reply of result.replies ?? []) {
      output.write(`${renderReply(reply)}\n\n`);
      if (reply.card && options.onCard) output.write(`${await options.onCard(reply.card)}\n\n`);
    }
    if (result.status !== 'rate_limited') result.delivered?.();
  };
  if (interactive) {
    await send({ command: 'start' });
    rl.setPrompt(options.prompt ?? '你> ');
    rl.prompt();
  }
  let handled = 0;
  for await (const line of rl) {
    const text = line.trim();
    if (text) {
      const command = /^\/(\w+)$/.exec(text)?.[1];
      await send(command ? { command } : { text });
      handled++;
    }
    if (interactive) rl.prompt();
  }
  return handled;
}
