import type { Clock } from '../base/clock.ts';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Each delay is multiplied by this. */
  factor: number;
  /** Fraction of each delay randomized away, so many clients do not retry in lockstep. */
  jitter: number;
}

export const DEFAULT_RECONNECT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5000, factor: 2, jitter: 0.2 };

/** Exponential backoff with jitter; `reset()` after a success starts again from `initialMs`. */
export class Backoff {
  private readonly options: BackoffOptions;
  private readonly random: () => number;
  private attempt = 0;

  constructor(options: BackoffOptions, random: () => number = Math.random) {
    this.options = options;
    this.random = random;
  }

  next(): number {
    const { initialMs, maxMs, factor, jitter } = this.options;
    const base = Math.min(maxMs, initialMs * factor ** this.attempt);
    this.attempt++;
    return Math.round(base * (1 - jitter * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** Waits `ms` on the clock; rejects with the signal's reason when aborted first. */
export function delay(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => { timer.dispose(); reject(signal?.reason); };
    const timer = clock.setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
