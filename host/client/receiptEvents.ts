import type { Clock } from '../base/clock.ts';
import type { ActionReceipt, EventEnvelope } from '../protocol/index.ts';
import { GatewayClientError } from './gatewayClientError.ts';
import type { SubscribeEventsOptions } from './eventSubscription.ts';
import type { StreamSubscription } from './streamSubscription.ts';

/** Options of `GatewayClient.awaitReceiptEvents`. */
export interface AwaitReceiptEventsOptions {
  /**
   * A journal cursor read before the mutation was sent (`(await client.events(0, 1)).head`), so
   * effects committed before the wait began are found too.
   */
  since: number;
  /** Give up after this long with `receipt_events_timeout`. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The code of a wait that ran out of time before every expected event arrived. */
export const RECEIPT_EVENTS_TIMEOUT = 'receipt_events_timeout';

/**
 * Resolves with the action's events, once each of its `expected_events` types was seen. An
 * action's events are those carrying the receipt's correlation id, and, when the receipt names a
 * run (`result.run_id`), those of that run: a run's later transitions (run.started after
 * run.queued) are journaled by the orchestrator as the run's own events; at once with none for a refused receipt or one that expects
 * nothing. Rejects on timeout (naming what is missing), abort, or a stream that ends for good.
 */
export function awaitReceiptEvents(
  subscribe: (options: SubscribeEventsOptions) => StreamSubscription, clock: Clock, receipt: ActionReceipt, options: AwaitReceiptEventsOptions,
): Promise<EventEnvelope[]> {
  const missing = new Set(receipt.accepted ? receipt.expected_events : []);
  if (missing.size === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const correlated: EventEnvelope[] = [];
    const runId = typeof receipt.result?.run_id === 'string' ? receipt.result.run_id : undefined;
    const belongs = (event: EventEnvelope): boolean => event.correlation_id === receipt.correlation_id
      || (runId !== undefined && event.entity_refs.some((ref) => ref.kind === 'run' && ref.id === runId));
    let lastError: GatewayClientError | undefined;
    let settled = false;
    const finish = (outcome: () => void): void => {
      // Disposing the subscription reports `closed`, which calls back in here: settle once.
      if (settled) return;
      settled = true;
      outcome();
      timer.dispose();
      options.signal?.removeEventListener('abort', onAbort);
      subscription.dispose();
    };
    const onAbort = (): void => finish(() => reject(options.signal?.reason ?? new Error('aborted')));
    const timer = clock.setTimeout(() => finish(() => reject(new GatewayClientError(RECEIPT_EVENTS_TIMEOUT,
      `the ${receipt.action} action ${receipt.action_id} was accepted, but within ${options.timeoutMs} ms these events did not arrive: ${[...missing].join(', ')}`))), options.timeoutMs);
    const subscription = subscribe({
      cursor: options.since,
      onEvents: (events) => {
        for (const event of events) {
          if (!belongs(event)) continue;
          correlated.push(event);
          missing.delete(event.type);
        }
        if (missing.size === 0) finish(() => resolve(correlated));
      },
      onError: (error) => { lastError = error; },
      onStatus: (status) => {
        if (status === 'closed') finish(() => reject(lastError ?? new GatewayClientError('stream_closed', 'the event stream closed before the expected events arrived')));
      },
    });
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
