/** What the kf channel counts; src/observability's registry provides it (kfMetricsOf), tests may pass their own. */
export interface KfMetrics {
  /** A kf event or notable step: enter_session, session_status_change, msg_send_fail, handoff, pull… */
  event(name: string, detail?: string): void;
  /** Replies not sent, by reason (see messenger.ts DropReason). */
  dropped(reason: string, count: number): void;
  /** One sync_msg page read, with how many items it carried. */
  pulled(items: number): void;
}

export const noKfMetrics: KfMetrics = { event() {}, dropped() {}, pulled() {} };

interface CounterLike<L extends string> {
  inc(labels: Partial<Record<L, string>>, value?: number): void;
}
interface PlainCounter {
  inc(value?: number): void;
}

/** KfMetrics on the app's prom-client counters (src/observability createMetrics). */
export function kfMetricsOf(m: {
  kfEvents: CounterLike<'event' | 'detail'>;
  kfDropped: CounterLike<'reason'>;
  kfPulls: PlainCounter;
  kfPulledItems: PlainCounter;
}): KfMetrics {
  return {
    event: (name, detail) => m.kfEvents.inc({ event: name, detail: detail ?? '' }),
    dropped: (reason, count) => m.kfDropped.inc({ reason }, count),
    pulled: (items) => {
      m.kfPulls.inc();
      m.kfPulledItems.inc(items);
    },
  };
}
