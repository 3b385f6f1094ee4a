import { CodedError, errorMessage } from '../../base/errors.ts';
import type { ApprovalReply, HarnessSink } from '../harnessAdapter.ts';
import type { TerminalWriter } from '../codex/terminalWriter.ts';
import { approvalPrompt, approvalResult } from '../codex/turnBanners.ts';
import { OpenHandsErrorCodes } from './openHandsErrors.ts';
import type { ActionEventView } from './openHandsEvents.ts';
import type { OpenHandsTurn } from './openHandsTurn.ts';
import { approvalRequestFor } from './pendingActions.ts';
import type { PendingActionTracker } from './pendingActions.ts';

export interface ConfirmationGateContext {
  readonly sink: HarnessSink;
  readonly terminal: TerminalWriter;
  readonly actions: PendingActionTracker;
  readonly workspacePath: string;
  /** `POST …/events/respond_to_confirmation`. */
  respond(accept: boolean, reason: string): Promise<void>;
  /** `POST …/run`: after a rejection the server does not re-run by itself (A11). */
  run(): Promise<void>;
  /** The human's answer was cancelled (the run is being cancelled): end the turn. */
  cancelTurn(turn: OpenHandsTurn): void;
}

export const DENIED_REASON = 'Denied by the OpenSymphony user.';
const CANCELLED_REASON = 'The approval was cancelled.';

/**
 * Confirmation mode (A11): when the conversation waits for confirmation, each pending action not
 * asked about yet becomes one `requestApproval`. The server takes one answer for all of them, so
 * the first denial rejects them all; a rejection is followed by `/run` so the agent can react.
 */
export class ConfirmationGate {
  private readonly context: ConfirmationGateContext;
  private readonly asked = new Set<string>();
  private busy = false;
  private again = false;

  constructor(context: ConfirmationGateContext) {
    this.context = context;
  }

  /** Handles a `waiting_for_confirmation` status; calls while a round is open queue one more round. */
  async handle(turn: OpenHandsTurn): Promise<void> {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    const release = turn.holdSilence();
    try {
      do {
        this.again = false;
        const fresh = this.context.actions.pending().filter((action) => !this.asked.has(action.id));
        if (!fresh.length) break;
        for (const action of fresh) this.asked.add(action.id);
        const verdict = await this.ask(fresh);
        // A turn that ended meanwhile rejected the pending actions itself.
        if (turn.isSettled || turn.isEnding) return;
        await this.answer(turn, verdict);
      } while (this.again);
    } catch (error) {
      const code = error instanceof CodedError ? error.code : OpenHandsErrorCodes.responseError;
      turn.fail(code, `answering the agent-server's confirmation request failed: ${errorMessage(error)}`);
    } finally {
      release();
      this.busy = false;
    }
  }

  /** Asks for each action in turn (rules first, then a human); the first answer that is not an approval ends the round. */
  private async ask(actions: ActionEventView[]): Promise<ApprovalReply | 'cancelled'> {
    let last: ApprovalReply = { verdict: 'approve', scope: 'once', feedback: null };
    for (const action of actions) {
      const request = approvalRequestFor(action, this.context.workspacePath);
      this.context.terminal.line(approvalPrompt(request));
      let answer: ApprovalReply | 'cancelled' = 'cancelled';
      try {
        answer = await this.context.sink.requestApproval(request);
      } catch {
        // The sink rejects when the run is cancelled; the server still needs an answer.
      }
      this.context.terminal.line(approvalResult(answer));
      if (answer === 'cancelled' || answer.verdict !== 'approve') return answer;
      last = answer;
    }
    return last;
  }

  /** Accept, or reject with the reason the agent reads (the user's feedback, the rule, or the default). */
  private async answer(turn: OpenHandsTurn, answer: ApprovalReply | 'cancelled'): Promise<void> {
    if (answer !== 'cancelled' && answer.verdict === 'approve') {
      await this.context.respond(true, '');
      return;
    }
    const reason = answer === 'cancelled' ? CANCELLED_REASON : answer.feedback ?? DENIED_REASON;
    await this.context.respond(false, reason);
    if (answer !== 'cancelled') await this.context.run();
    else this.context.cancelTurn(turn);
  }
}
