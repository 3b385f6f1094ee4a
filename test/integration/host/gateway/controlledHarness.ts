import type {
  HarnessAdapter, HarnessCapabilities, HarnessSession, HarnessSink, MessageDelivery, SessionOptions,
} from '../../../../host/harness/harnessAdapter.ts';
import { NO_CAPABILITIES } from '../../../../host/harness/harnessAdapter.ts';
import { TurnGate } from '../../../fakes/scriptedHarness.ts';

/** What a turn may do before it waits on the gate: change files, report events, write output. */
export type TurnAction = (turn: { workspacePath: string; sink: HarnessSink; identifier: string; input: string }) => Promise<void> | void;

/**
 * A harness for gateway tests: every turn first runs `onTurn`, then holds until the gate opens
 * (or the run is stopped). Sessions can pause, resume and take messages, and record what they got.
 */
export class ControlledHarness implements HarnessAdapter {
  readonly kind = 'controlled';
  readonly capabilities: HarnessCapabilities = { ...NO_CAPABILITIES, pauseResume: true, sendMessage: true };
  readonly gate = new TurnGate();
  readonly pauses: string[] = [];
  readonly resumes: string[] = [];
  readonly messages: string[] = [];
  onTurn: TurnAction = () => undefined;
  private started: string[] = [];
  private waiters: { identifier: string; resolve: () => void }[] = [];

  /** Resolves once a turn of `identifier` has run its `onTurn` and waits on the gate. */
  turnStarted(identifier: string): Promise<void> {
    if (this.started.includes(identifier)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ identifier, resolve }));
  }

  async startSession(options: SessionOptions): Promise<HarnessSession> {
    const identifier = options.issue.identifier;
    return {
      sessionId: `thread-${identifier}`,
      capabilities: this.capabilities,
      runTurn: async (input, signal) => {
        await this.onTurn({ workspacePath: options.workspacePath, sink: options.sink, identifier, input });
        const outcome = this.gate.script(options.sink, input, signal);
        this.markStarted(identifier);
        return outcome;
      },
      pause: async () => { this.pauses.push(identifier); },
      resume: async () => { this.resumes.push(identifier); },
      sendUserMessage: async (text): Promise<MessageDelivery> => {
        this.messages.push(text);
        return 'active_turn';
      },
      dispose: async () => undefined,
    };
  }

  private markStarted(identifier: string): void {
    this.started.push(identifier);
    const ready = this.waiters.filter((waiter) => waiter.identifier === identifier);
    this.waiters = this.waiters.filter((waiter) => waiter.identifier !== identifier);
    for (const waiter of ready) waiter.resolve();
  }
}
