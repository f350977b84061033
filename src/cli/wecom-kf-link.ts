/**
 * `npm run wecom:kf-link -- [scene]`: prints the customer link of each kf account in WECOM_KF_ACCOUNTS
 * (`kf/add_contact_way`, document 94665), to put behind a QR code. A WeChat user who opens it lands in the chat;
 * `scene` (optional) comes back in the enter_session event, e.g. to tell which poster they scanned.
 * Reads the same WECOM_* variables as the server (and REDIS_URL, to share the cached access token).
 */
import { Redis } from 'ioredis';
import { ConfigError, baseConfigSchema, parseEnv } from '../config.js';
import { createTokenCache, createWecomApi, wecomConfigSchema } from '../channels/wecom/index.js';
import { createKfApi, kfConfigSchema } from '../channels/kf/index.js';

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
    const kf = createKfApi(createWecomApi({ config: env, tokenCache }));
    for (const openKfid of env.WECOM_KF_ACCOUNTS) {
      const url = await kf.addContactWay({ openKfid, ...(scene ? { scene } : {}) });
      console.log(`${openKfid}${scene ? ` (scene ${scene})` : ''}: ${url}`);
    }
    return 0;
  } catch (error) {
    console.error(`Could not get the kf link: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    redis?.disconnect();
  }
}

process.exitCode = await main(process.argv.slice(2));
