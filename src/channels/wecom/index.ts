/** The WeCom (企业微信) channel: what the server, reminders and the menu CLI use. */
export { wecomConfigSchema, OFFICIAL_WECOM_API_ROOT, type WecomConfig } from './config.js';
export { wecomPlugin, WECOM_CALLBACK_PATH, type WecomPluginOptions } from './callback-plugin.js';
export { createWecomSender, type WecomSender, type WecomSendOptions, type WecomSenderOptions } from './sender.js';
export { createTokenCache, type TokenCache, type TokenCacheOptions, type IssuedToken } from './token-cache.js';
export { createWecomApi, WecomApiError, type WecomApi, type WecomApiOptions } from './api-client.js';
export { createMemberThrottle, memberThrottleKey, WECOM_MEMBER_LIMITS, type MemberThrottle, type RateWindow } from './member-throttle.js';
export { wecomAppMenu, createAppMenu, type WecomMenu } from './menu.js';
export { renderReplies, splitMessage, WECOM_TEXT_MAX_BYTES } from './render.js';
export { loadWecomTexts, wecomTexts, type WecomTexts } from './texts.js';
