/**
 * WeCom (企业微信) self-built app settings, read from environment variables.
 * Keys keep their variable names so the schema can be merged into the server's env schema:
 * `baseConfigSchema.extend(wecomConfigSchema.shape)`.
 */
import { z } from 'zod';
import { encrypt } from '@wecom/crypto';

export const OFFICIAL_WECOM_API_ROOT = 'https://qyapi.weixin.qq.com';

/**
 * The admin console generates 43 letters/digits; base64-decoding them (plus "=") must give the 32-byte AES key.
 * Checked here, at start-up, by asking @wecom/crypto itself to use the key, so a typo never waits for the first message.
 */
const encodingAesKey = z
  .string()
  .regex(/^[A-Za-z0-9]{43}$/, {
    message: 'must be the 43 letters/digits EncodingAESKey shown in the WeCom admin console (接收消息 → 设置API接收)',
    abort: true,
  })
  .refine(
    (key) => {
      try {
        encrypt(key, 'probe', '');
        return Buffer.from(`${key}=`, 'base64').length === 32;
      } catch {
        return false;
      }
    },
    { message: 'does not decode to a 32-byte AES key; copy it again from the WeCom admin console' },
  );

export const wecomConfigSchema = z.object({
  /** 企业ID (My Company → Company Info); also the receive id inside every encrypted callback. */
  WECOM_CORP_ID: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be the CorpID from 我的企业 → 企业信息 (letters/digits)'),
  /** The self-built app's AgentId (an integer). */
  WECOM_AGENT_ID: z.coerce.number().int('must be the app AgentId (an integer)').positive('must be the app AgentId (a positive integer)'),
  /** The app Secret; never logged. */
  WECOM_SECRET: z.string().min(1, 'must be the app Secret'),
  /** Callback Token: letters/digits, at most 32 characters (WeCom document 96238). */
  WECOM_TOKEN: z.string().regex(/^[A-Za-z0-9]{1,32}$/, 'must be the callback Token: 1–32 letters/digits'),
  WECOM_ENCODING_AES_KEY: encodingAesKey,
  /** Where the WeCom server API lives; tests point it at a local server. */
  WECOM_API_ROOT: z
    .string()
    .url('must be an http(s) URL such as https://qyapi.weixin.qq.com')
    .transform((url) => url.replace(/\/+$/, ''))
    .default(OFFICIAL_WECOM_API_ROOT),
});

export type WecomConfig = z.infer<typeof wecomConfigSchema>;
