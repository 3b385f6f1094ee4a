import type { Clock } from '../../base/clock.ts';
import type { IDisposable } from '../../base/lifecycle.ts';
import type { TurnOutcome } from '../harnessAdapter.ts';

/** Why we end a turn ourselves (cancel, silence, a failed request). */
export interface TurnEnd {
  status: 'failed' | 'interrupted';
  code: string;
  message: string;
}

export interface OpenHandsTurnOptions {
  number: number;
  clock: Clock;
  /** Silence limit (`turn_timeout_ms`): reset by every event, stopped while a human decides or while paused. */
  silenceTimeoutMs: number;
  onSilence(): void;
}

/**
 * One turn (send message + run) on a conversation. It learns its id from the user MessageEvent the
 * server stores for our message; only execution statuses that follow that event can end it, so a
 * stale status from an earlier turn never does. Settles exactly once.
 */
export class OpenHandsTurn {
  readonly number: number;
  readonly startedAt: number;
  readonly outcome: Promise<TurnOutcome>;
  /** The id of our user MessageEvent, once it arrived. */
  messageEventId: string | null = null;
  private readonly options: OpenHandsTurnOptions;
  private silenceTimer: IDisposable | undefined;
  private detailTimer: IDisposable | undefined;
  /** `<code>: <detail>` of the last ConversationErrorEvent seen during this turn. */
  private lastError: string | null = null;
  private failureAwaitingDetail: string | null = null;
  private holds = 0;
  private ending = false;
  private settled = false;
  private resolveOutcome!: (outcome: TurnOutcome) => void;

  constructor(options: OpenHandsTurnOptions) {
    this.options = options;
    this.number = options.number;
    this.startedAt = options.clock.now();
    this.outcome = new Promise((resolve) => { this.resolveOutcome = resolve; });
    this.armSilenceTimer();
  }

  get isSettled(): boolean {
    return this.settled;
  }

  /** True once we started ending the turn ourselves; server statuses no longer decide it. */
  get isEnding(): boolean {
    return this.ending;
  }

  /** True once our message is in the log: execution statuses from now on belong to this turn. */
  get isUnderway(): boolean {
    return this.messageEventId !== null;
  }

  /** Any event proves the conversation is alive. */
  noteActivity(): void {
    if (this.holds === 0) this.armSilenceTimer();
  }

  /** Stops the silence clock (a human deciding, a requested pause); returns the function that restarts it. */
  holdSilence(): () => void {
    this.holds++;
    this.silenceTimer?.dispose();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      if (this.holds === 0) this.armSilenceTimer();
    };
  }

  /** Marks that we are ending the turn; false if it is already ending or over. */
  beginEnding(): boolean {
    if (this.settled || this.ending) return false;
    this.ending = true;
    this.silenceTimer?.dispose();
    return true;
  }

  /**
   * Status `error` arrives before its ConversationErrorEvent (the SDK sets the status first), so
   * the failure waits for the detail, at most `graceMs`, then settles with what it has.
   */
  failWithErrorDetail(code: string, fallback: string, graceMs: number): void {
    if (this.lastError) {
      this.fail(code, this.lastError);
      return;
    }
    this.failureAwaitingDetail = code;
    this.detailTimer ??= this.options.clock.setTimeout(() => this.fail(code, fallback), graceMs);
  }

  /** A ConversationErrorEvent arrived; it completes a failure that waited for it. */
  noteError(code: string, detail: string): void {
    this.lastError = `${code}: ${detail}`;
    if (this.failureAwaitingDetail) this.fail(this.failureAwaitingDetail, this.lastError);
  }

  settleWith(end: TurnEnd): void {
    if (end.status === 'failed') this.fail(end.code, end.message);
    else this.interrupt(end.code, end.message);
  }

  complete(): void {
    this.settle({ status: 'completed', turnId: this.messageEventId, error: null });
  }

  fail(code: string, message: string): void {
    this.settle({ status: 'failed', turnId: this.messageEventId, error: { code, message } });
  }

  interrupt(code: string, message: string): void {
    this.settle({ status: 'interrupted', turnId: this.messageEventId, error: { code, message } });
  }

  private settle(outcome: TurnOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.silenceTimer?.dispose();
    this.detailTimer?.dispose();
    this.resolveOutcome(outcome);
  }

  private armSilenceTimer(): void {
    this.silenceTimer?.dispose();
    if (this.settled || this.ending) return;
    this.silenceTimer = this.options.clock.setTimeout(() => this.options.onSilence(), this.options.silenceTimeoutMs);
  }
}
