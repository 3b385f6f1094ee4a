import type { TurnOutcome } from '../harnessAdapter.ts';
import { CodexErrorCodes } from './codexErrors.ts';
import type { CodexErrorCode } from './codexErrors.ts';
import type { Turn } from './codexProtocol.ts';

/** Why we end a turn ourselves; decides the reported outcome whatever status the server gives. */
export interface TurnEndReason {
  status: 'failed' | 'interrupted';
  code: CodexErrorCode;
  message: string;
}

export interface ActiveTurnOptions {
  number: number;
  /** Silence limit (Symphony `turn_timeout_ms`, reset by every server message). */
  silenceTimeoutMs: number;
  onSilence(): void;
}

/**
 * One running turn: its id once known, the silence timer, and the single outcome it settles to.
 * Settles exactly once, from `turn/completed`, from our own ending, or from a process exit.
 */
export class ActiveTurn {
  readonly number: number;
  readonly startedAt = Date.now();
  readonly outcome: Promise<TurnOutcome>;
  /** The last mid-turn `error` notification, used when a failed turn carries no message. */
  lastErrorMessage: string | null = null;
  private id: string | null = null;
  private endReason: TurnEndReason | null = null;
  private settled = false;
  private pausedBy = 0;
  private silenceTimer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private readonly options: ActiveTurnOptions;
  private resolveOutcome!: (outcome: TurnOutcome) => void;
  private readonly idListeners: ((id: string | null) => void)[] = [];

  constructor(options: ActiveTurnOptions) {
    this.options = options;
    this.number = options.number;
    this.outcome = new Promise((resolve) => { this.resolveOutcome = resolve; });
    this.armSilenceTimer();
  }

  get turnId(): string | null {
    return this.id;
  }

  get isSettled(): boolean {
    return this.settled;
  }

  /** We asked the server to end it (cancel, timeout, input required); it settles soon. */
  get isEnding(): boolean {
    return this.endReason !== null;
  }

  setTurnId(id: string): void {
    this.id ??= id;
    for (const listener of this.idListeners.splice(0)) listener(this.id);
  }

  /** Resolves with the turn id once `turn/start` answered, or null if the turn settled first. */
  whenTurnId(): Promise<string | null> {
    if (this.id !== null || this.settled) return Promise.resolve(this.id);
    return new Promise((resolve) => this.idListeners.push(resolve));
  }

  /** Any server message proves the turn is alive. */
  noteActivity(): void {
    if (this.pausedBy === 0) this.armSilenceTimer();
  }

  /** Stops the silence clock while a human decides; returns the function that restarts it. */
  pauseSilence(): () => void {
    this.pausedBy++;
    clearTimeout(this.silenceTimer);
    let resumed = false;
    return () => {
      if (resumed) return;
      resumed = true;
      this.pausedBy--;
      if (this.pausedBy === 0) this.armSilenceTimer();
    };
  }

  /** Marks that we are ending the turn; false if it is already ending or over. Settles after `graceMs`. */
  beginEnding(reason: TurnEndReason, graceMs: number): boolean {
    if (this.settled || this.endReason) return false;
    this.endReason = reason;
    clearTimeout(this.silenceTimer);
    this.graceTimer = setTimeout(() => this.settle(outcomeFor(reason, this.id)), graceMs);
    return true;
  }

  /** Settles from the server's `turn/completed`. */
  completeFrom(turn: Turn): void {
    if (this.endReason) {
      this.settle(outcomeFor(this.endReason, turn.id));
      return;
    }
    this.settle(outcomeFromServer(turn, this.lastErrorMessage));
  }

  /** Settles with a failure we detected (process exit, turn/start rejected). */
  fail(code: string, message: string): void {
    this.settle({ status: 'failed', turnId: this.id, error: { code, message } });
  }

  private settle(outcome: TurnOutcome): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.silenceTimer);
    clearTimeout(this.graceTimer);
    for (const listener of this.idListeners.splice(0)) listener(this.id);
    this.resolveOutcome(outcome);
  }

  private armSilenceTimer(): void {
    clearTimeout(this.silenceTimer);
    if (this.settled || this.endReason) return;
    this.silenceTimer = setTimeout(() => this.options.onSilence(), this.options.silenceTimeoutMs);
  }
}

function outcomeFor(reason: TurnEndReason, turnId: string | null): TurnOutcome {
  return { status: reason.status, turnId, error: { code: reason.code, message: reason.message } };
}

function outcomeFromServer(turn: Turn, lastErrorMessage: string | null): TurnOutcome {
  if (turn.status === 'completed') return { status: 'completed', turnId: turn.id, error: null };
  if (turn.status === 'interrupted') {
    return { status: 'interrupted', turnId: turn.id, error: { code: CodexErrorCodes.turnCancelled, message: 'The turn was interrupted.' } };
  }
  const message = turn.error?.message ?? lastErrorMessage ?? `The turn ended with status ${String(turn.status)}.`;
  return { status: 'failed', turnId: turn.id, error: { code: CodexErrorCodes.turnFailed, message } };
}
