import type { TokenTotals } from '../protocol/index.ts';
import { addTokens, zeroTokens } from './tokenAccount.ts';

/** Aggregate token and runtime figures (Symphony `codex_totals`) and the latest rate limits. */
export class UsageTotals {
  readonly tokens: TokenTotals = zeroTokens();
  /** Seconds of workers that have ended; live ones are added when a snapshot is taken. */
  endedSeconds = 0;
  /** The latest rate-limit payload any agent reported, or null. */
  rateLimits: unknown = null;

  addTokens(delta: TokenTotals): void {
    addTokens(this.tokens, delta);
  }

  addEndedRun(startedAtMs: number, endedAtMs: number): void {
    this.endedSeconds += Math.max(0, endedAtMs - startedAtMs) / 1000;
  }

  /** Totals with the elapsed time of live workers (their start times, in ms) added. */
  totals(liveStartedAtMs: Iterable<number>, now: number): TokenTotals & { seconds_running: number } {
    let seconds = this.endedSeconds;
    for (const started of liveStartedAtMs) seconds += Math.max(0, now - started) / 1000;
    return { ...this.tokens, seconds_running: seconds };
  }
}
