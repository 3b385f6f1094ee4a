import type { MessageDelivery } from '../harnessAdapter.ts';
import type { ActiveTurn } from './activeTurn.ts';
import type { TurnSteerParams } from './codexProtocol.ts';
import { textInput } from './codexThreadStart.ts';
import type { JsonRpcConnection } from './jsonRpcConnection.ts';

/** Where the session's current thread and turn are read from. */
export interface SteeringTarget {
  threadId(): string | null;
  activeTurn(): ActiveTurn | null;
}

/**
 * Text for the agent outside a turn's prompt: steered into the running turn (`turn/steer`, which
 * needs the turn's id), or, between turns, kept and sent with the next `turn/start`.
 */
export class CodexSteering {
  private readonly rpc: JsonRpcConnection;
  private readonly target: SteeringTarget;
  private readonly queued: string[] = [];

  constructor(rpc: JsonRpcConnection, target: SteeringTarget) {
    this.rpc = rpc;
    this.target = target;
  }

  /** Steers the text into the running turn, or queues it for the next one. */
  async deliver(text: string): Promise<MessageDelivery> {
    try {
      if (await this.steer(text)) return 'active_turn';
    } catch (error) {
      const turn = this.target.activeTurn();
      if (turn && !turn.isSettled && !turn.isEnding) throw error;
      // The turn ended while we asked: the text waits for the next one.
    }
    this.queued.push(text);
    return 'next_turn';
  }

  /** `turn/steer` into the running turn; false when no turn runs (or it is ending). */
  async steer(text: string): Promise<boolean> {
    const turn = this.target.activeTurn();
    const threadId = this.target.threadId();
    if (!turn || turn.isSettled || turn.isEnding || !threadId) return false;
    const turnId = await turn.whenTurnId();
    if (turnId === null || turn.isSettled || turn.isEnding) return false;
    const params: TurnSteerParams = { threadId, input: [textInput(text)], expectedTurnId: turnId };
    await this.rpc.request('turn/steer', params);
    return true;
  }

  /** The queued texts, once: they go with the turn that starts now. */
  takeQueued(): string[] {
    return this.queued.splice(0);
  }
}
