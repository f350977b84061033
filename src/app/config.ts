/**
 * The whole server's configuration: the base variables, the server's own (paths, rate limit), and each channel's
 * schema only when that channel is configured. Every problem is collected first, so one start-up shows them all.
 */
import { z } from 'zod';
import { type CorePaths, corePaths } from './core.js';
import { baseConfigSchema, ConfigError, parseEnv, redisTargetProblems, type BaseConfig } from '../config.js';
import { telegramConfigSchema, type TelegramConfig } from '../channels/telegram/index.js';
import { wecomConfigSchema, type WecomConfig } from '../channels/wecom/index.js';
import { kfConfigSchema, type KfConfig } from '../channels/kf/index.js';

export const serverConfigSchema = baseConfigSchema.extend({
  /** Where the rule YAML files live; default `rules/` of the installation. */
  RULES_DIR: z.string().min(1).optional(),
  /** Where the dialog texts live (intake.yaml, messages.yaml, lexicon.yaml, ops.yaml…); default `dialogs/`. */
  DIALOGS_DIR: z.string().min(1).optional(),
  /** The FAQ entries; default `<DIALOGS_DIR>/faq`. */
  FAQ_DIR: z.string().min(1).optional(),
  /** Messages one user may send per window before the slow-down notice. */
  RATE_LIMIT_MAX: z.coerce.number().int('must be a whole number').positive('must be at least 1').default(20),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().positive('must be a positive number of seconds').default(10),
  /**
   * A turn's replies not acknowledged by the messenger this long after the commit are sent again from the outbox
   * (by a redelivery of the update, or by the sweeper): the live path's lease. See docs/reliability.md.
   */
  OUTBOX_LEASE_SECONDS: z.coerce.number().min(0.5, 'must be at least 0.5 seconds').max(600, 'must be at most 600 seconds').default(5),
  /** How often the outbox sweeper looks for replies left undelivered (each sweep SCANs for outbox keys). */
  OUTBOX_SWEEP_SECONDS: z.coerce.number().min(0.2, 'must be at least 0.2 seconds').default(30),
  /** Replies still undelivered after this long are dropped: past Telegram's and WeCom's redelivery horizons. */
  OUTBOX_HORIZON_HOURS: z.coerce.number().positive('must be a positive number of hours').default(24),
  /**
   * The result card's Chinese font; default: the first installed of src/card KNOWN_CJK_FONTS (fonts-wqy-microhei,
   * fonts-noto-cjk). CARDS=off sends the text result only.
   */
  CARD_FONT_FILE: z.string().min(1).optional(),
  CARD_FONT_FAMILY: z.string().min(1).optional(),
  CARDS: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
  /** The terminal chat saves result pictures here; default the system's temporary folder. */
  CARD_DIR: z.string().min(1).optional(),
  /** BullMQ key prefix for the reminder queues; keep the braces (one Redis Cluster slot per queue). */
  REMINDER_QUEUE_PREFIX: z
    .string()
    .regex(/^\{[^{}]+\}$/, 'must be a hash tag in braces, such as {jf}')
    .default('{jf}'),
});

export type ServerSettings = z.infer<typeof serverConfigSchema>;

export interface AppConfig {
  base: BaseConfig & ServerSettings;
  /** Absolute paths the core is loaded from (and re-read on SIGHUP). */
  paths: CorePaths;
  telegram?: TelegramConfig;
  wecom?: WecomConfig;
  /** 微信客服, on top of the WeCom app (same corp, secret and callback). */
  kf?: KfConfig;
}

/** The variable whose presence switches a channel on; any other variable of the channel without it is a mistake. */
const CHANNEL_SWITCHES = [
  { name: 'Telegram', prefix: 'TELEGRAM_', switch: 'TELEGRAM_BOT_TOKEN' },
  { name: 'WeCom', prefix: 'WECOM_', switch: 'WECOM_CORP_ID' },
] as const;

/**
 * @example
 * const config = loadAppConfig(process.env); // throws ConfigError listing every bad or missing variable
 */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const isSet = (name: string) => env[name] !== undefined && env[name] !== '';

  const base = attempt(() => parseEnv(serverConfigSchema, env));
  if (base) problems.push(...redisTargetProblems(base));
  for (const channel of CHANNEL_SWITCHES) {
    if (isSet(channel.switch)) continue;
    const stray = Object.keys(env).filter((name) => name.startsWith(channel.prefix) && isSet(name));
    if (stray.length > 0) {
      problems.push(`${channel.switch}: missing (${channel.name} is partly configured: ${stray.sort().join(', ')} set)`);
    }
  }
  const telegram = isSet('TELEGRAM_BOT_TOKEN') ? attempt(() => parseEnv(telegramConfigSchema, env)) : undefined;
  const wecom = isSet('WECOM_CORP_ID') ? attempt(() => parseEnv(wecomConfigSchema, env)) : undefined;
  const kfWanted = isSet('WECOM_KF_ACCOUNTS') || isSet('WECOM_KF_SERVICER');
  const kf = isSet('WECOM_KF_ACCOUNTS') && isSet('WECOM_CORP_ID') ? attempt(() => parseEnv(kfConfigSchema, env)) : undefined;
  if (kfWanted && !isSet('WECOM_KF_ACCOUNTS'))
    problems.push('WECOM_KF_ACCOUNTS: missing (WECOM_KF_SERVICER is set, but no kf account to answer)');
  if (kf && base && !base.REDIS_URL && !base.REDIS_CLUSTER_NODES) {
    problems.push('WECOM_KF_ACCOUNTS: needs REDIS_URL or REDIS_CLUSTER_NODES (the kf cursor and pull lock live in Redis)');
  }
  if (problems.length > 0 || !base) throw new ConfigError(problems);

  return {
    base,
    paths: corePaths({ rulesDir: base.RULES_DIR, dialogsDir: base.DIALOGS_DIR, faqDir: base.FAQ_DIR }),
    ...(telegram ? { telegram } : {}),
    ...(wecom ? { wecom } : {}),
    ...(kf && wecom ? { kf } : {}),
  };
}
