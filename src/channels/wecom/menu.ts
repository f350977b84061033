/** The app menu (积分测算 / 证书问答 / 我的提醒): click items whose keys the callback turns into commands. */
import type { WecomApi } from './api-client.js';
import type { WecomConfig } from './config.js';
import type { WecomTexts } from './texts.js';

export interface WecomMenu {
  button: Array<{ type: 'click'; name: string; key: string }>;
}

/** Keys match MENU_KEY_COMMANDS in inbound.ts. */
export function wecomAppMenu(texts: WecomTexts): WecomMenu {
  return {
    button: [
      { type: 'click', name: texts.menu.score, key: 'score' },
      { type: 'click', name: texts.menu.faq, key: 'faq' },
      { type: 'click', name: texts.menu.reminders, key: 'reminders' },
    ],
  };
}

/** Creates (replaces) the app's menu: `POST /cgi-bin/menu/create?access_token=..&agentid=..`. */
export async function createAppMenu(api: WecomApi, config: WecomConfig, menu: WecomMenu): Promise<void> {
  await api.post('menu/create', menu, { agentid: String(config.WECOM_AGENT_ID) });
}
