/** Delay of the continuation retry after a worker exits cleanly (Symphony §3.10). */
export const CONTINUATION_RETRY_DELAY_MS = 1_000;

/** Base of the failure backoff: 10 s, doubling per attempt. */
export const FAILURE_RETRY_BASE_MS = 10_000;

/** Failure retry delay: `min(10000 · 2^(attempt−1), max_retry_backoff_ms)`. */
export function failureRetryDelayMs(attempt: number, maxBackoffMs: number): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(FAILURE_RETRY_BASE_MS * 2 ** exponent, maxBackoffMs);
}

/** The attempt after `current` (null before the first retry). */
export function nextAttempt(current: number | null | undefined): number {
  return (current ?? 0) + 1;
}

/** The retry error strings of the spec (Symphony §3.8 and §3.10); clients and logs match on them. */
export const RetryErrors = {
  spawnFailed: 'failed to spawn agent',
  refreshFailed: 'retry refresh failed',
  noSlots: 'no available orchestrator slots',
  workerExited: (reason: string): string => `worker exited: ${reason}`,
} as const;
