import type { Run } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';
import type { HarnessCapabilities, HarnessSession, MessageDelivery } from '../harness/harnessAdapter.ts';
import { capabilitiesOf } from '../harness/harnessAdapter.ts';
import { describeFailure } from './workerExit.ts';
import type { OrchestratorJournal } from './orchestratorJournal.ts';
import type { RunRegistry } from './runRegistry.ts';
import type { RunningEntry } from './runningEntry.ts';
import type { SerialQueue } from './serialQueue.ts';

/** What an operator control did: accepted (with where a message went), or refused with why. */
export type ControlResult =
  | { accepted: true; run: Run; delivery: MessageDelivery | null }
  | { accepted: false; reason: string };

/** Longest message an operator may send to an agent. */
export const MAX_OPERATOR_MESSAGE_CHARS = 20_000;

export interface RunControlsContext {
  registry: RunRegistry;
  queue: SerialQueue;
  journal: OrchestratorJournal;
  now: () => number;
}

interface Target {
  entry: RunningEntry;
  session: HarnessSession;
}

/**
 * Operator controls of a running agent: send it a message, pause it, resume it. Each is offered
 * only when the run's harness session declares the capability; the harness call runs outside the
 * serial queue (it may wait on the network), and its effect is journaled as a `run.*` event.
 */
export class RunControls {
  private readonly context: RunControlsContext;

  constructor(context: RunControlsContext) {
    this.context = context;
  }

  async sendUserMessage(runId: string, text: string, correlationId: string | null): Promise<ControlResult> {
    const message = text.trim();
    if (!message) return refused('the message is empty');
    if (message.length > MAX_OPERATOR_MESSAGE_CHARS) return refused(`the message is longer than ${MAX_OPERATOR_MESSAGE_CHARS} characters`);
    return this.control(runId, 'sendMessage', 'send messages', async ({ session }) => session.sendUserMessage!(message), (run, delivery) => {
      const where = delivery === 'active_turn' ? 'into the running turn' : 'with the next turn';
      this.context.journal.run(EventTypes.runMessageSent, run, `${run.issue_identifier}: operator message passed to the agent ${where}`, correlationId, { message, delivery });
    });
  }

  async pause(runId: string, correlationId: string | null): Promise<ControlResult> {
    const already = await this.context.queue.run(() => this.context.registry.get(runId)?.paused === true);
    if (already) return refused('the run is already paused');
    return this.control(runId, 'pauseResume', 'pause', async ({ session }) => { await session.pause!(); return null; }, (run) => {
      run.paused = true;
      this.context.journal.run(EventTypes.runPaused, run, `${run.issue_identifier}: agent paused by the operator`, correlationId);
    });
  }

  async resume(runId: string, correlationId: string | null): Promise<ControlResult> {
    const paused = await this.context.queue.run(() => this.context.registry.get(runId)?.paused === true);
    if (!paused) return refused('the run is not paused');
    return this.control(runId, 'pauseResume', 'resume', async ({ session }) => { await session.resume!(); return null; }, (run, _delivery, entry) => {
      run.paused = false;
      // The pause was the operator's silence, not the agent's: the stall clock starts afresh.
      entry.session.touch(this.context.now());
      this.context.journal.run(EventTypes.runResumed, run, `${run.issue_identifier}: agent resumed by the operator`, correlationId);
    });
  }

  /** Finds the running session (in the queue), calls the harness (outside it), then records the effect (in it). */
  private async control(
    runId: string,
    capability: keyof HarnessCapabilities,
    what: string,
    call: (target: Target) => Promise<MessageDelivery | null>,
    record: (run: Run, delivery: MessageDelivery | null, entry: RunningEntry) => void,
  ): Promise<ControlResult> {
    const found = await this.context.queue.run(() => this.target(runId, capability, what));
    if ('reason' in found) return refused(found.reason);
    let delivery: MessageDelivery | null;
    try {
      delivery = await call(found);
    } catch (error) {
      return refused(`the agent could not ${what}: ${describeFailure(error)}`);
    }
    return this.context.queue.run(() => {
      const { run } = found.entry;
      if (found.entry.harnessSession === found.session) record(run, delivery, found.entry);
      return { accepted: true, run, delivery };
    });
  }

  private target(runId: string, capability: keyof HarnessCapabilities, what: string): Target | { reason: string } {
    const run = this.context.registry.get(runId);
    if (!run) return { reason: `no run ${runId}` };
    const entry = this.context.registry.running.get(run.issue_id);
    if (run.state !== 'running' || entry?.run.id !== runId) return { reason: `${run.issue_identifier}'s run is ${run.state}, not running` };
    const session = entry.harnessSession;
    if (!session) return { reason: `${run.issue_identifier}'s agent session has not started yet` };
    if (!capabilitiesOf(session)[capability]) return { reason: `this run's harness cannot ${what}` };
    return { entry, session };
  }
}

function refused(reason: string): ControlResult {
  return { accepted: false, reason };
}
