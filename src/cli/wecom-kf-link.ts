/**
 * `npm run wecom:kf-link -- [scene]`: prints the customer link of each kf account in WECOM_KF_ACCOUNTS
 * (`kf/add_contact_way`, document 94665), to put behind a QR code. A WeChat user who opens it lands in the chat;
 * `scene` (optional) comes back in the enter_session event, e.g. to tell which poster they scanned.
 * Reads the same WECOM_* variables as the server (and REDIS_URL, to share the cached access token).
 */
import { baseConfigSchema } from '../config.js';
import { wecomConfigSchema } from '../channels/wecom/index.js';
import { createKfApi, kfConfigSchema } from '../channels/kf/index.js';
import { runWecomApiCommand } from './wecom-api-command.js';

const schema = wecomConfigSchema.extend(kfConfigSchema.shape).extend({
  REDIS_URL: baseConfigSchema.shape.REDIS_URL,
  REDIS_PREFIX: baseConfigSchema.shape.REDIS_PREFIX,
});

async function main(argv: string[]): Promise<number> {
  const scene = argv[0];
  if (scene !== undefined && !/^[0-9A-Za-z_-]{1,32}$/.test(scene)) {
    console.error('The scene must be 1–32 letters, digits, "_" or "-" (for example: poster_school1).');
    return 2;
  }
  return runWecomApiCommand(schema, 'Could not get the kf link', async (api, env) => {
    const kf = createKfApi(api);
    for (const openKfid of env.WECOM_KF_ACCOUNTS) {
      const url = await kf.addContactWay({ openKfid, ...(scene ? { scene } : {}) });
      console.log(`${openKfid}${scene ? ` (scene ${scene})` : ''}: ${url}`);
    }
  });
}

process.exitCode = await main(process.argv.slice(2));
