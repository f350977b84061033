/**
 * A lean stand-in for api.telegram.org, run as its own process so that answering replies costs the bots a real HTTP
 * round trip without taking CPU from their event loop. Answers getMe, setMyCommands, setWebhook, deleteWebhook,
 * answerCallbackQuery and sendMessage like the Bot API; counts calls per method (GET /stats) so the benchmark can
 * check that the bots really replied. (test/support/telegram-api-server.ts keeps every call: fine for tests, not for
 * a quarter of a million calls.)
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEST_BOT_INFO } from '../../../test/support/telegram-api-server.js';
import { announceReady } from './ready.js';

const counts: Record<string, number> = {};
let nextMessageId = 1;

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

function result(method: string, params: Record<string, any>): unknown {
  switch (method) {
    case 'getMe':
      return TEST_BOT_INFO;
    case 'sendMessage':
      return {
        message_id: nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(params.chat_id), type: 'private' },
        from: { id: TEST_BOT_INFO.id, is_bot: true, first_name: TEST_BOT_INFO.first_name, username: TEST_BOT_INFO.username },
        text: params.text,
      };
    case 'answerCallbackQuery':
    case 'setMyCommands':
    case 'setWebhook':
    case 'deleteWebhook':
      return true;
    default:
      return undefined;
  }
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const url = req.url ?? '/';
    if (url === '/stats') return answer(res, 200, counts);
    const method = /^\/bot[^/]+\/([A-Za-z]+)/.exec(url)?.[1];
    if (!method) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    let params: Record<string, any> = {};
    try {
      const body = Buffer.concat(chunks).toString('utf8');
      if (body !== '') params = JSON.parse(body) as Record<string, any>;
    } catch {
      return answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: body is not JSON' });
    }
    const value = result(method, params);
    if (value === undefined) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    counts[method] = (counts[method] ?? 0) + 1;
    answer(res, 200, { ok: true, result: value });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => announceReady((server.address() as AddressInfo).port, () => void server.close()));
