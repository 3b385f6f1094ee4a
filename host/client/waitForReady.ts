import type { Clock } from '../base/clock.ts';
import { errorMessage } from '../base/errors.ts';
import { Backoff, delay } from './backoff.ts';
import { GatewayClientError, GatewayClientErrorCode, isTransientGatewayError } from './gatewayClientError.ts';

export interface WaitForReadyOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

const READY_POLL_BACKOFF = { initialMs: 50, maxMs: 1000, factor: 2, jitter: 0.1 };

/**
 * Polls `probe` (GET /readyz) until it succeeds. Transient failures (host not listening yet, still
 * starting) are retried with backoff; others (a wrong token) fail at once. Rejects with
 * `gateway_not_ready` after `timeoutMs`, or with the signal's reason when aborted.
 */
export async function waitForReady(probe: (signal: AbortSignal) => Promise<unknown>, options: WaitForReadyOptions, clock: Clock): Promise<void> {
  const deadline = new AbortController();
  const timer = clock.setTimeout(() => deadline.abort(), options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  const backoff = new Backoff(READY_POLL_BACKOFF);
  let lastError: unknown;
  try {
    while (!signal.aborted) {
      try {
        await probe(signal);
        return;
      } catch (error) {
        if (signal.aborted) break;
        if (!isTransientGatewayError(error)) throw error;
        lastError = error;
      }
      await delay(clock, backoff.next(), signal).catch(() => {});
    }
    if (options.signal?.aborted) throw options.signal.reason;
    throw new GatewayClientError(
      GatewayClientErrorCode.notReady,
      `the host was not ready within ${options.timeoutMs} ms${lastError ? ` (last answer: ${errorMessage(lastError)})` : ''}; check the host log`,
      { cause: lastError },
    );
  } finally {
    timer.dispose();
  }
}
