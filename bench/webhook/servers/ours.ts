/** Ours: the real app (`buildApp`, Telegram in webhook mode, Redis) configured from the environment, as `npm start` does. */
import { buildApp, loadAppConfig } from '../../../src/app/index.js';
import { createLogger } from '../../../src/observability/index.js';
import { announceReady } from './ready.js';

const config = loadAppConfig(process.env);
const app = await buildApp(config, { logger: createLogger(config.base.LOG_LEVEL) });
await app.start();
announceReady(config.base.PORT, () => app.stop());
