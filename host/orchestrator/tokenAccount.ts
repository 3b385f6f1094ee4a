import type { TokenTotals } from '../protocol/index.ts';

const KEYS = ['input_tokens', 'output_tokens', 'total_tokens'] as const;

export function zeroTokens(): TokenTotals {
  return { input_tokens: 0, output_tokens: 0, total_tokens: 0 };
}

export function addTokens(into: TokenTotals, delta: TokenTotals): void {
  for (const key of KEYS) into[key] += delta[key];
}

/**
 * Turns absolute thread totals into deltas (Symphony §6 token accounting): each session reports
 * its thread's running totals; only the growth since the last report is added anywhere, so a
 * repeated or re-ordered report never counts twice. A new thread starts from zero.
 */
export class TokenAccount {
  private threadId: string | null = null;
  private lastReported: TokenTotals = zeroTokens();

  /** The delta to add for an absolute report of `threadId`'s totals (fields missing keep their last value). */
  observe(threadId: string | null, absolute: Partial<Record<(typeof KEYS)[number], unknown>>): TokenTotals {
    if (threadId !== null && threadId !== this.threadId) {
      this.threadId = threadId;
      this.lastReported = zeroTokens();
    }
    const delta = zeroTokens();
    for (const key of KEYS) {
      const value = absolute[key];
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) continue;
      const reported = Math.floor(value);
      // Totals only grow; a smaller number is a stale report and adds nothing.
      if (reported > this.lastReported[key]) {
        delta[key] = reported - this.lastReported[key];
        this.lastReported[key] = reported;
      }
    }
    return delta;
  }
}
