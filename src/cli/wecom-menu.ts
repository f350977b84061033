/**
 * `npm run wecom:menu`: creates the WeCom app menu (积分测算 / 证书问答 / 我的提醒) through the server API.
 * Reads the same WECOM_* variables as the server (and REDIS_URL, to share the cached access token; DIALOGS_DIR, for the
 * menu's words in wecom.yaml).
 */
import { join } from 'node:path';
import { serverConfigSchema } from '../app/config.js';
import { corePaths } from '../app/core.js';
import { createAppMenu, loadWecomTexts, wecomAppMenu, wecomConfigSchema } from '../channels/wecom/index.js';
import { baseConfigSchema } from '../config.js';
import { runWecomApiCommand } from './wecom-api-command.js';

const schema = wecomConfigSchema.extend({
  REDIS_URL: baseConfigSchema.shape.REDIS_URL,
  REDIS_PREFIX: baseConfigSchema.shape.REDIS_PREFIX,
  DIALOGS_DIR: serverConfigSchema.shape.DIALOGS_DIR,
});

async function main(): Promise<number> {
  return runWecomApiCommand(schema, 'Could not create the WeCom menu', async (api, env) => {
    const menu = wecomAppMenu(loadWecomTexts(join(corePaths({ dialogsDir: env.DIALOGS_DIR }).dialogsDir, 'wecom.yaml')));
    await createAppMenu(api, env, menu);
    console.log(`WeCom menu created for agent ${env.WECOM_AGENT_ID}: ${menu.button.map((b) => `${b.name} (${b.key})`).join(', ')}`);
  });
}

process.exitCode = await main();
