/** Composition of the production server from environment variables. */
export { loadAppConfig, serverConfigSchema, type AppConfig, type ServerSettings } from './config.js';
export { buildApp, type BotApp, type BuildAppOptions, type StartupSummary } from './build-app.js';
export {
  type Core,
  CoreHolder,
  type CorePaths,
  type CoreTexts,
  coreBoundHandler,
  corePaths,
  type LoadCoreOptions,
  loadCore,
  type OpsTexts,
  type ReloadResult,
} from './core.js';
export { dialogRules, faqPort } from './ports.js';
export { trackInFlight, type InFlightTurns } from './in-flight.js';
export { createReminderService, type ReminderSetup } from './reminders.js';
