/**
 * 微信客服 (kf) settings. The kf channel rides on the WeCom app: same corp, same secret (the app must be listed under
 * 微信客服 → 可调用接口的应用), same callback URL, Token and EncodingAESKey. Merge with the WeCom schema:
 * `wecomConfigSchema.extend(kfConfigSchema.shape)`.
 */
import { z } from 'zod';

/** An open_kfid or a WeCom UserID: the samples show letters, digits, `_` and `-` (the exact alphabet is not documented). */
const ID = /^[A-Za-z0-9_@.-]{1,64}$/;

export const kfConfigSchema = z.object({
  /**
   * The kf accounts (open_kfid, comma-separated) the bot answers; events of any other kf account of the corp are
   * left to the people who run it. Setting it switches the kf channel on.
   */
  WECOM_KF_ACCOUNTS: z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id.length > 0),
    )
    .pipe(
      z
        .array(z.string().regex(ID, 'each open_kfid must be 1–64 letters/digits (客服账号 → 账号ID, e.g. wkAJ2GCAAA…)'))
        .min(1, 'must name at least one open_kfid (comma-separated)'),
    ),
  /** UserID of the servicer a hand-off goes to (service_state 3); unset → the queue (待接入池, service_state 2). */
  WECOM_KF_SERVICER: z.string().regex(ID, 'must be the WeCom UserID of a servicer (接待人员) of the kf account').optional(),
});

export type KfConfig = z.infer<typeof kfConfigSchema>;
