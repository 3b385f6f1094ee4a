import type { HarnessAdapter, HarnessSession, HarnessSink, SessionOptions, TurnOutcome } from '../../host/harness/harnessAdapter.ts';

/** What a scripted turn does with the sink before it ends. */
export type TurnScript = (sink: HarnessSink, input: string) => Promise<TurnOutcome>;

/**
 * A harness whose turns are test-provided functions. The real Codex binary is exercised by the
 * harness integration test; orchestrator tests need exact control over turn outcomes instead.
 */
export class ScriptedHarness implements HarnessAdapter {
  readonly kind = 'scripted';
  readonly inputs: string[] = [];
  sessionsStarted = 0;
  sessionsDisposed = 0;
  private readonly script: TurnScript;

  constructor(script: TurnScript) {
    this.script = script;
  }

  async startSession(options: SessionOptions): Promise<HarnessSession> {
    this.sessionsStarted++;
    let disposed = false;
    return {
      sessionId: `thread-${options.issue.identifier}-${this.sessionsStarted}`,
      runTurn: async (input: string) => {
        this.inputs.push(input);
        return this.script(options.sink, input);
      },
      dispose: async () => {
        if (!disposed) { disposed = true; this.sessionsDisposed++; }
      },
    };
  }
}

export const completed: TurnOutcome = { status: 'completed', turnId: 'turn-1', error: null };
