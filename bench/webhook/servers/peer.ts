/**
 * The peer: the same intake written the way a grammY developer usually would. One conversation
 * (`@grammyjs/conversations`, state in Redis through `@grammyjs/storage-redis`) asks city, age, education,
 * certificate and insurance years with `conversation.waitFor`, then calls our `evaluate` (so the scoring cost is the
 * same as ours) and replies with our result view and Telegram rendering. Served by fastify through grammY's
 * `webhookCallback(bot, 'fastify')`. Prompts and button labels come from dialogs/intake.yaml (no texts in code).
 * Deliberately plain: no input validation beyond what the happy path needs, as in the usual tutorial bot.
 */
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { Bot, Keyboard, webhookCallback, type Context } from 'grammy';
import { conversations, createConversation, type Conversation, type ConversationFlavor } from '@grammyjs/conversations';
import { RedisAdapter } from '@grammyjs/storage-redis';
import { evaluate, loadRules, type Certificate, type Education, type Facts } from '../../../src/scoring/index.js';
import { loadDialogSpec } from '../../../src/dialog/spec.js';
import { resultReply } from '../../../src/dialog/result-view.js';
import { renderReplies } from '../../../src/channels/telegram/index.js';
import { telegramTexts } from '../../../src/channels/telegram/texts.js';
import { TEST_BOT_INFO, TEST_BOT_TOKEN } from '../../../test/support/telegram-api-server.js';
import { localDate } from '../../../src/runtime/index.js';
import { announceReady } from './ready.js';

const env = process.env;
const redis = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: 1 });
const registry = loadRules();
const spec = loadDialogSpec();
const texts = telegramTexts();
const question = (id: string) => spec.questions.find((q) => q.id === id)!;
const SESSION_TTL_SECONDS = 30 * 86_400;

type BotContext = ConversationFlavor<Context>;

function keyboard(labels: string[]): Keyboard {
  const kb = new Keyboard();
  labels.forEach((label, i) => (i % 2 === 1 ? kb.text(label).row() : kb.text(label)));
  return kb.oneTime();
}

async function intake(conversation: Conversation<BotContext, Context>, ctx: Context): Promise<void> {
  await ctx.reply(question('city').prompt);
  const cityName = (await conversation.waitFor('message:text')).message.text.trim();
  const city = registry.cities.find((c) => c.name === cityName || c.aliases.includes(cityName)) ?? registry.cities[0]!;

  await ctx.reply(question('age').prompt);
  const age = parseInt((await conversation.waitFor('message:text')).message.text, 10);

  const educationChoices = question('education').choices ?? [];
  await ctx.reply(question('education').prompt, { reply_markup: keyboard(educationChoices.map((c) => c.label)) });
  const educationLabel = (await conversation.waitFor('message:text')).message.text;
  const education = educationChoices.find((c) => c.label === educationLabel)?.value as Education | undefined;

  const certificateChoices = question('certificates').choices ?? [];
  await ctx.reply(question('certificates').prompt, { reply_markup: keyboard(certificateChoices.map((c) => c.label)) });
  const certificateLabel = (await conversation.waitFor('message:text')).message.text;
  const chosen = certificateChoices.find((c) => c.label === certificateLabel);
  const certificates = ((chosen?.sets as { certificates?: Certificate[] } | undefined)?.certificates ?? []) as Certificate[];

  await ctx.reply(question('socialInsuranceYears').prompt.replace('{city}', city.name));
  const socialInsuranceYears = parseFloat((await conversation.waitFor('message:text')).message.text);

  const facts: Facts = {
    ...(Number.isFinite(age) ? { age } : {}),
    ...(education ? { education } : {}),
    certificates,
    ...(Number.isFinite(socialInsuranceYears) ? { socialInsuranceYears } : {}),
  };
  const result = evaluate(facts, city, localDate(Date.now(), 'Asia/Shanghai'), registry.national);
  for (const message of renderReplies([resultReply(result, spec)], texts).messages) {
    await ctx.reply(message.text, { parse_mode: 'HTML', ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}) });
  }
}

const bot = new Bot<BotContext>(TEST_BOT_TOKEN, { botInfo: TEST_BOT_INFO, client: { apiRoot: env.TELEGRAM_API_ROOT! } });
bot.use(conversations({ storage: { type: 'key', adapter: new RedisAdapter({ instance: redis, ttl: SESSION_TTL_SECONDS }) } }));
bot.use(createConversation(intake));
bot.command('start', (ctx) => ctx.conversation.enter('intake'));

const server = Fastify({ logger: false });
server.post('/telegram/webhook', webhookCallback(bot, 'fastify', { secretToken: env.TELEGRAM_WEBHOOK_SECRET! }));
await server.listen({ port: Number(env.PORT), host: '127.0.0.1' });
announceReady(Number(env.PORT), async () => {
  await server.close();
  redis.disconnect();
});
