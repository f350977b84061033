/** The outbox's delivery side: what a turn leaves there, and the sweeper that sends what the live path did not. */
export { decodeOutboxPayload, encodeOutboxPayload, type OutboxPayload } from './entry.js';
export { OutboxSweeper, type OutboxSender, type OutboxSweeperOptions, type SweepReport, type SweeperLogger } from './sweeper.js';
