/** The 微信客服 (kf) channel: WeChat users talking to the enterprise's kf accounts. See docs/wecom-kf.md. */
export { kfConfigSchema, type KfConfig } from './config.js';
export { buildKfChannel, type BuiltKfChannel, type KfSetup } from './build.js';
export { createKfOutboxSender, customerOf, type KfOutboxSender } from './sender.js';
export { createKfChannel, type KfChannel, type KfChannelOptions } from './kf-channel.js';
export { createKfApi, type KfApi, type KfOutgoing, SERVICE_STATE } from './kf-api.js';
export { createKfMessenger, outgoingMsgid, type KfMessenger, type DeliveryOutcome, type DropReason } from './messenger.js';
export { createAccountState, accountKeyBase, type AccountState } from './account-state.js';
export { createCustomerSessions, customerKey, kfUserId, KF_SEND_ALLOWANCE, type Customer } from './customer-session.js';
export { planMessages, KF_MENU_LIMITS } from './render.js';
export { kfMetricsOf, noKfMetrics, type KfMetrics } from './metrics.js';
export { loadKfTexts, type KfTexts } from './texts.js';
