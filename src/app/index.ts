/** Composition of the production server from environment variables. */
export { loadAppConfig, serverConfigSchema, type AppConfig, type ServerSettings } from './config.js';
export { buildApp, type BotApp, type BuildAppOptions, type StartupSummary } from './build-app.js';
export {
  CoreHolder,
  coreBoundHandler,
  loadServingCore,
  type CorePaths,
  type ServingCore,
  type ReloadResult,
  type OpsTexts,
} from './core.js';
export { trackInFlight, type InFlightTurns } from './in-flight.js';
export { createReminderService, type ReminderSetup } from './reminders.js';
