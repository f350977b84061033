/**
 * The reminder service for this configuration: durable (BullMQ) on Redis Cluster when REDIS_CLUSTER_NODES is set or on
 * Redis when REDIS_URL is set, in-process otherwise, counted for /metrics. Sends are counted by wrapping the senders the service delivers through.
 */
import type { Cluster, Redis } from 'ioredis';
import { PermanentDeliveryError, type ChannelSender } from '../contract/index.js';
import {
  BullmqReminderService,
  InProcessReminderService,
  type ReminderLogger,
  type ReminderTexts,
  type ReminderService,
} from '../reminders/index.js';
import type { BotMetrics } from '../observability/index.js';

export interface ReminderSetup {
  redisUrl?: string;
  /** A client to use instead of redisUrl (a Cluster made by connectBullmqCluster); the service closes it. */
  connection?: Redis | Cluster;
  queuePrefix: string;
  keyPrefix: string;
  /** dialogs/reminders.yaml, loaded with the core. */
  texts: ReminderTexts;
  logger: ReminderLogger;
  metrics: BotMetrics;
}

export function createReminderService(setup: ReminderSetup): ReminderService {
  const { texts } = setup;
  const redis = setup.connection ? { connection: setup.connection } : setup.redisUrl ? { redisUrl: setup.redisUrl } : undefined;
  const service: ReminderService = redis
    ? new BullmqReminderService({
        ...redis,
        queuePrefix: setup.queuePrefix,
        keyPrefix: setup.keyPrefix,
        texts,
        logger: setup.logger,
      })
    : new InProcessReminderService({ texts, logger: setup.logger });
  return countedReminders(service, setup.metrics);
}

function countedReminders(service: ReminderService, metrics: BotMetrics): ReminderService {
  return {
    get durable() {
      return service.durable;
    },
    async schedule(request) {
      const scheduled = await service.schedule(request);
      metrics.reminders.inc({ event: 'scheduled' });
      return scheduled;
    },
    list: (user) => service.list(user),
    cancel: (user, id) => service.cancel(user, id),
    forgetUser: (user) => service.forgetUser(user),
    start: (senders) => service.start(senders.map((sender) => countedSender(sender, metrics))),
    close: () => service.close(),
  };
}

/** sent: delivered; failed: refused for good (blocked, unknown user); send_error: a transient failure, retried. */
function countedSender(sender: ChannelSender, metrics: BotMetrics): ChannelSender {
  return {
    channel: sender.channel,
    async send(target, replies) {
      try {
        await sender.send(target, replies);
        metrics.reminders.inc({ event: 'sent' });
      } catch (err) {
        metrics.reminders.inc({ event: err instanceof PermanentDeliveryError ? 'failed' : 'send_error' });
        throw err;
      }
    },
  };
}
