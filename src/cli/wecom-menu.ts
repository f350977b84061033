/**
 * `npm run wecom:menu`: creates the WeCom app menu (积分测算 / 证书问答 / 我的提醒) through the server API.
 * Reads the same WECOM_* variables as the server (and REDIS_URL, to share the cached access token; DIALOGS_DIR, for the
 * menu's words in wecom.yaml).
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { serverConfigSchema } from '../app/config.js';
import { corePaths } from '../app/core.js';
import {
  createAppMenu,
  createTokenCache,
  createWecomApi,
  loadWecomTexts,
  wecomAppMenu,
  wecomConfigSchema,
} from '../channels/wecom/index.js';
import { ConfigError, baseConfigSchema, parseEnv } from '../config.js';

const schema = wecomConfigSchema.extend({
  REDIS_URL: baseConfigSchema.shape.REDIS_URL,
  REDIS_PREFIX: baseConfigSchema.shape.REDIS_PREFIX,
  DIALOGS_DIR: serverConfigSchema.shape.DIALOGS_DIR,
});

async function main(): Promise<number> {
  let env: ReturnType<typeof schema.parse>;
  try {
    env = parseEnv(schema);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true }) : undefined;
  try {
    const tokenCache = createTokenCache({ prefix: env.REDIS_PREFIX, ...(redis ? { redis } : {}) });
    const menu = wecomAppMenu(loadWecomTexts(join(corePaths({ dialogsDir: env.DIALOGS_DIR }).dialogsDir, 'wecom.yaml')));
    await createAppMenu(createWecomApi({ config: env, tokenCache }), env, menu);
    console.log(`WeCom menu created for agent ${env.WECOM_AGENT_ID}: ${menu.button.map((b) => `${b.name} (${b.key})`).join(', ')}`);
    return 0;
  } catch (error) {
    console.error(`Could not create the WeCom menu: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    redis?.disconnect();
  }
}

process.exitCode = await main();
