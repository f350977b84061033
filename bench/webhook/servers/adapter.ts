/**
 * The adapter path alone: the real app (`buildApp`, Telegram webhook, same wrappers) with the dialog runtime replaced
 * by a handler that answers every turn at once with one fixed question (text + four buttons, as most intake turns
 * do). CPU per turn of this server is what fastify, grammY, our webhook plugin, rendering and the wrappers cost.
 */
import { buildApp, loadAppConfig } from '../../../src/app/index.js';
import type { Reply, TurnResult } from '../../../src/contract/index.js';
import { createLogger } from '../../../src/observability/index.js';
import { announceReady } from './ready.js';

const question: Reply = {
  kind: 'question',
  text: '记下了：上海，电工四级。\n您交社保几年了？',
  choices: [
    { label: '不到 1 年', value: 'years:0' },
    { label: '1-3 年', value: 'years:1' },
    { label: '3-5 年', value: 'years:3' },
    { label: '5 年以上', value: 'years:5' },
  ],
};
const answer: TurnResult = { status: 'applied', replies: [question] };

const config = loadAppConfig(process.env);
const app = await buildApp(config, {
  logger: createLogger(config.base.LOG_LEVEL),
  turnHandler: () => ({ handle: () => Promise.resolve(answer) }),
});
await app.start();
announceReady(config.base.PORT, () => app.stop());
