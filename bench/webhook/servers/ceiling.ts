/**
 * The ceiling: what fastify and one Redis round trip cost on this machine. Parses the Update, writes the text under
 * the user's key (one SET with a TTL), answers 200. No dialog, no reply call: no bot can be faster than this.
 */
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { announceReady } from './ready.js';

interface MinimalUpdate {
  update_id: number;
  message?: { from?: { id: number }; text?: string };
}

const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
const server = Fastify({ logger: false });
server.post<{ Body: MinimalUpdate }>('/telegram/webhook', async (request, reply) => {
  const message = request.body.message;
  await redis.set(`ceiling:${message?.from?.id ?? 0}`, message?.text ?? '', 'EX', 86_400);
  return reply.code(200).send('');
});
await server.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
announceReady(Number(process.env.PORT), async () => {
  await server.close();
  redis.disconnect();
});
