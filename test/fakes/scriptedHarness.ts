import type { HarnessAdapter, HarnessSession, HarnessSink, SessionOptions, TurnOutcome } from '../../host/harness/harnessAdapter.ts';

/** What a scripted turn does with the sink before it ends; `signal` aborts when the run is stopped. */
export type TurnScript = (sink: HarnessSink, input: string, signal: AbortSignal) => Promise<TurnOutcome>;

export const completed: TurnOutcome = { status: 'completed', turnId: 'turn-1', error: null };
export const interrupted: TurnOutcome = { status: 'interrupted', turnId: 'turn-1', error: { code: 'turn_cancelled', message: 'the turn was interrupted' } };

/** A failed turn with a Symphony error category. */
export function failedTurn(message: string, code = 'turn_failed'): TurnOutcome {
  return { status: 'failed', turnId: 'turn-1', error: { code, message } };
}

/**
 * A harness whose turns are test-provided functions. The real Codex binary is exercised by the
 * harness integration test; orchestrator tests need exact control over turn outcomes instead.
 */
export class ScriptedHarness implements HarnessAdapter {
  readonly kind = 'scripted';
  readonly inputs: string[] = [];
  /** The options of every session started, in order (workspace path, issue). */
  readonly sessions: SessionOptions[] = [];
  sessionsStarted = 0;
  sessionsDisposed = 0;
  private readonly script: TurnScript;
  private turnWaiters: { count: number; resolve: () => void }[] = [];

  constructor(script: TurnScript) {
    this.script = script;
  }

  /** Resolves once `count` turns have started in total. */
  waitForTurns(count: number): Promise<void> {
    if (this.inputs.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.turnWaiters.push({ count, resolve }));
  }

  async startSession(options: SessionOptions): Promise<HarnessSession> {
    this.sessionsStarted++;
    this.sessions.push(options);
    let disposed = false;
    return {
      sessionId: `thread-${options.issue.identifier}-${this.sessionsStarted}`,
      runTurn: async (input: string, signal: AbortSignal) => {
        this.inputs.push(input);
        const ready = this.turnWaiters.filter((waiter) => this.inputs.length >= waiter.count);
        this.turnWaiters = this.turnWaiters.filter((waiter) => this.inputs.length < waiter.count);
        for (const waiter of ready) waiter.resolve();
        return this.script(options.sink, input, signal);
      },
      dispose: async () => {
        if (!disposed) { disposed = true; this.sessionsDisposed++; }
      },
    };
  }
}

/** Turns that hold until the test opens the gate, or end as interrupted when the run is stopped. */
export class TurnGate {
  private opened = false;
  private waiters: (() => void)[] = [];

  readonly script: TurnScript = (_sink, _input, signal) => new Promise<TurnOutcome>((resolve) => {
    if (this.opened) { resolve(completed); return; }
    const onAbort = () => resolve(interrupted);
    if (signal.aborted) { onAbort(); return; }
    signal.addEventListener('abort', onAbort, { once: true });
    this.waiters.push(() => { signal.removeEventListener('abort', onAbort); resolve(completed); });
  });

  /** Completes every waiting turn and every later one. */
  open(): void {
    this.opened = true;
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
