import type { Clock } from '../../base/clock.ts';
import { CodedError, errorMessage } from '../../base/errors.ts';
import type { BackoffOptions } from '../../client/backoff.ts';
import type {
  HarnessCapabilities, HarnessHistoryEvent, HarnessSession, HarnessSink, MessageDelivery, SessionOptions, TurnOutcome,
} from '../harnessAdapter.ts';
import { TerminalWriter } from '../codex/terminalWriter.ts';
import { operatorMessageLine, turnHeader } from '../codex/turnBanners.ts';
import { AgentServerClient } from './agentServerClient.ts';
import { ConfirmationGate } from './confirmationGate.ts';
import { ConversationEventStream } from './conversationEventStream.ts';
import { readConversationHistory } from './conversationHistory.ts';
import { assertWorkspaceDirectory, startConversationRequest } from './conversationStart.ts';
import type { ConversationSettings } from './conversationStart.ts';
import type { EventStreamStats } from './conversationEventStream.ts';
import { statusEffect } from './executionStatus.ts';
import { handleWireEvent } from './openHandsEventHandlers.ts';
import type { OpenHandsEventContext } from './openHandsEventHandlers.ts';
import { OpenHandsError, OpenHandsErrorCodes } from './openHandsErrors.ts';
import type { MessageEventView } from './openHandsEvents.ts';
import { OpenHandsTurn } from './openHandsTurn.ts';
import type { TurnEnd } from './openHandsTurn.ts';
import type { ConversationInfo, WireEvent } from './openHandsWire.ts';
import { PendingActionTracker } from './pendingActions.ts';
import { reportNote, reportProblem, reportSessionStarted, reportTurnEnd, reportTurnStarted } from './sessionReports.ts';
import { TokenReporter } from './tokenUsage.ts';

/** Settings of one OpenHands session, mapped from WORKFLOW.md `openhands.*`. */
export interface OpenHandsSessionConfig extends ConversationSettings {
  baseUrl: string;
  sessionApiKey: string | null;
  readTimeoutMs: number;
  turnTimeoutMs: number;
  readyTimeoutMs: number;
  reconnect: BackoffOptions;
  deleteConversationOnDispose: boolean;
  clock: Clock;
}

/** How long a failed turn waits for the ConversationErrorEvent that follows status `error`. */
const ERROR_DETAIL_GRACE_MS = 2_000;
const CANCELLED: TurnEnd = { status: 'interrupted', code: OpenHandsErrorCodes.turnCancelled, message: 'The run was cancelled.' };
/** What an OpenHands session can do; "approve always" is kept by the approval service, not the server. */
export const OPENHANDS_CAPABILITIES: HarnessCapabilities = {
  resumeSession: true, attachFromCursor: true, sendMessage: true, cancel: true, pauseResume: true,
  history: true, reconnect: true, approvals: true, approveForSession: false,
};

/** One agent-server conversation; turns run one at a time on it. */
export class OpenHandsSession implements HarnessSession, OpenHandsEventContext {
  readonly capabilities = OPENHANDS_CAPABILITIES;
  readonly sink: HarnessSink;
  readonly terminal: TerminalWriter;
  readonly actions = new PendingActionTracker();
  readonly tokens = new TokenReporter();
  readonly conversationId: string;
  private readonly config: OpenHandsSessionConfig;
  private readonly options: SessionOptions;
  private readonly client: AgentServerClient;
  private readonly stream: ConversationEventStream;
  private readonly gate: ConfirmationGate;
  private turn: OpenHandsTurn | null = null;
  /** Operator messages that arrived between turns; they follow the next turn's prompt. */
  private readonly queuedMessages: string[] = [];
  private runStart: Promise<void> = Promise.resolve();
  private turnCount = 0;
  private lastStatus: string | null = null;
  private failure: OpenHandsError | null = null;
  private releasePause: (() => void) | null = null;
  private disposal: Promise<void> | null = null;
  private readonly onSessionAbort = (): void => { if (this.turn) void this.endTurn(this.turn, CANCELLED); };

  /**
   * Creates the conversation (or, with `options.resume`, reopens it and continues its events after
   * the cursor), then opens its event stream through the readiness barrier.
   */
  static async start(config: OpenHandsSessionConfig, options: SessionOptions): Promise<OpenHandsSession> {
    await assertWorkspaceDirectory(options.workspacePath);
    const client = new AgentServerClient({ baseUrl: config.baseUrl, sessionApiKey: config.sessionApiKey, readTimeoutMs: config.readTimeoutMs });
    let info: ConversationInfo;
    try {
      info = options.resume
        ? await client.getConversation(options.resume.sessionId, options.signal)
        : await client.createConversation(startConversationRequest(config, options.workspacePath), options.signal);
    } catch (error) {
      client.dispose();
      throw options.signal.aborted ? cancelledWhileStarting() : error;
    }
    const session = new OpenHandsSession(config, options, client, info.id);
    session.reportStarted();
    const onAbort = (): void => void session.dispose();
    options.signal.addEventListener('abort', onAbort, { once: true });
    try {
      await session.stream.start();
    } catch (error) {
      await session.dispose();
      throw options.signal.aborted ? cancelledWhileStarting() : error;
    } finally {
      options.signal.removeEventListener('abort', onAbort);
    }
    options.signal.addEventListener('abort', session.onSessionAbort, { once: true });
    return session;
  }

  private constructor(config: OpenHandsSessionConfig, options: SessionOptions, client: AgentServerClient, conversationId: string) {
    this.config = config;
    this.options = options;
    this.sink = options.sink;
    this.client = client;
    this.conversationId = conversationId;
    this.terminal = new TerminalWriter((text) => options.sink.output(text));
    this.stream = new ConversationEventStream({
      client, conversationId, clock: config.clock, readyTimeoutMs: config.readyTimeoutMs, reconnect: config.reconnect,
      onEvent: (event) => this.handleEvent(event),
      onProblem: (problem) => this.reportProblem(problem),
      onFatal: (error) => this.fail(error),
      cursor: options.resume?.cursor ?? null,
    });
    this.gate = new ConfirmationGate({
      sink: this.sink, terminal: this.terminal, actions: this.actions, workspacePath: options.workspacePath,
      respond: (accept, reason) => this.client.respondToConfirmation(conversationId, accept ? { accept } : { accept, reason }),
      run: async () => { await this.client.run(conversationId); },
      cancelTurn: (turn) => void this.endTurn(turn, CANCELLED),
    });
  }

  get sessionId(): string {
    return this.conversationId;
  }

  /** Reconnect and de-duplication figures of the event stream. */
  get streamStats(): Readonly<EventStreamStats> {
    return this.stream.stats;
  }

  async runTurn(input: string, signal: AbortSignal): Promise<TurnOutcome> {
    if (this.disposal) throw new OpenHandsError(OpenHandsErrorCodes.sessionDisposed, 'This OpenHands session was disposed; start a new session.');
    if (this.turn) throw new OpenHandsError(OpenHandsErrorCodes.turnInProgress, 'A turn is already running on this OpenHands conversation; wait for it to finish.');
    if (this.failure) return { status: 'failed', turnId: null, error: { code: this.failure.code, message: this.failure.message } };
    if (signal.aborted || this.options.signal.aborted) return { status: 'interrupted', turnId: null, error: { code: CANCELLED.code, message: CANCELLED.message } };
    const turn = this.beginTurn(input);
    const onAbort = (): void => void this.endTurn(turn, CANCELLED);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      this.runStart = this.startRun(turn, input);
      const outcome = await turn.outcome;
      reportTurnEnd(this.sink, this.terminal, this.conversationId, turn.number, outcome, this.config.clock.now() - turn.startedAt);
      return outcome;
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.releasePause?.();
      this.releasePause = null;
      this.turn = null;
    }
  }

  async pause(): Promise<void> {
    this.assertOpen();
    // Held before asking, since the paused status can arrive before the answer does.
    if (this.turn && !this.releasePause) this.releasePause = this.turn.holdSilence();
    try {
      await this.client.pause(this.conversationId);
    } catch (error) {
      this.releasePause?.();
      this.releasePause = null;
      throw error;
    }
  }

  async resume(): Promise<void> {
    this.assertOpen();
    this.releasePause?.();
    this.releasePause = null;
    await this.client.run(this.conversationId);
  }

  async cancel(): Promise<void> {
    this.assertOpen();
    if (this.turn) await this.endTurn(this.turn, CANCELLED);
    else await this.client.pause(this.conversationId);
  }

  /** Posts the message to a running turn's conversation (the agent reads it at its next step), or keeps it for the next turn. */
  async sendUserMessage(text: string): Promise<MessageDelivery> {
    this.assertOpen();
    if (this.failure) throw this.failure;
    this.terminal.line(operatorMessageLine(text));
    const turn = this.turn;
    if (!turn || !turn.isUnderway || turn.isSettled || turn.isEnding) {
      this.queuedMessages.push(text);
      return 'next_turn';
    }
    await this.client.sendMessage(this.conversationId, text);
    return 'active_turn';
  }

  /** The conversation's events from the server's log, oldest first; after `cursor` (an event id) when given. */
  fetchHistory(options: { cursor?: string | null; signal?: AbortSignal } = {}): Promise<HarnessHistoryEvent[]> {
    return readConversationHistory(this.client, this.conversationId, options.cursor ?? null, options.signal);
  }

  dispose(): Promise<void> {
    this.disposal ??= this.shutDown();
    return this.disposal;
  }

  currentTurnId(): string | null {
    return this.turn?.messageEventId ?? null;
  }

  userMessage(event: MessageEventView): void {
    const turn = this.turn;
    if (!turn || turn.isUnderway || turn.isSettled) return;
    turn.messageEventId = event.id;
    reportTurnStarted(this.sink, this.conversationId, event.id, turn.number);
  }

  executionStatus(status: string, fromSnapshot: boolean): void {
    this.lastStatus = status;
    const turn = this.turn;
    if (!turn || !turn.isUnderway || turn.isSettled || turn.isEnding) return;
    const effect = statusEffect(status);
    if (effect.kind === 'complete') turn.complete();
    else if (effect.kind === 'fail' && status === 'error') turn.failWithErrorDetail(effect.code, effect.message, ERROR_DETAIL_GRACE_MS);
    else if (effect.kind === 'fail') turn.fail(effect.code, effect.message);
    else if (effect.kind === 'confirm') void this.gate.handle(turn);
    else if (effect.kind === 'paused' && !fromSnapshot && !this.releasePause) this.log('paused', 'the conversation was paused by another client; the turn waits (turn_timeout_ms still applies)');
  }

  conversationError(code: string, detail: string): void {
    this.turn?.noteError(code, detail);
  }

  unknownEvent(kind: string): void {
    this.fail(new OpenHandsError(OpenHandsErrorCodes.unknownEvent,
      `the agent-server sent a "${kind}" event, a kind the pinned OpenAPI does not define; the run stops rather than miss what the agent did. The event is kept raw.`));
  }

  private handleEvent(event: WireEvent): void {
    this.turn?.noteActivity();
    handleWireEvent(event, this);
  }

  private beginTurn(input: string): OpenHandsTurn {
    const turn: OpenHandsTurn = new OpenHandsTurn({
      number: ++this.turnCount,
      clock: this.config.clock,
      silenceTimeoutMs: this.config.turnTimeoutMs,
      onSilence: () => void this.endTurn(turn, {
        status: 'failed',
        code: OpenHandsErrorCodes.turnTimeout,
        message: `the agent-server sent no event for ${this.config.turnTimeoutMs} ms (openhands.turn_timeout_ms).`,
      }),
    });
    this.turn = turn;
    this.terminal.line(turnHeader(turn.number, input));
    return turn;
  }

  /** A turn is: send the message (run:false) and any waiting operator messages, then run (A9); the outcome comes from execution statuses. */
  private async startRun(turn: OpenHandsTurn, input: string): Promise<void> {
    try {
      for (const message of [input, ...this.queuedMessages.splice(0)]) await this.client.sendMessage(this.conversationId, message);
      if (turn.isSettled || turn.isEnding) return;
      await this.client.run(this.conversationId);
    } catch (error) {
      turn.fail(error instanceof CodedError ? error.code : OpenHandsErrorCodes.responseError, errorMessage(error));
    }
  }

  /** Stops the agent (rejecting actions that wait for confirmation, then pausing) and settles the turn. */
  private async endTurn(turn: OpenHandsTurn, end: TurnEnd): Promise<void> {
    if (!turn.beginEnding()) return;
    await this.runStart;
    try {
      if (this.lastStatus === 'waiting_for_confirmation' && this.actions.pending().length) {
        await this.client.respondToConfirmation(this.conversationId, { accept: false, reason: end.message });
      }
      await this.client.pause(this.conversationId);
    } catch (error) {
      this.log('pause_failed', `pausing the conversation after the turn ended failed: ${errorMessage(error)}`);
    }
    turn.settleWith(end);
  }

  private async shutDown(): Promise<void> {
    this.options.signal.removeEventListener('abort', this.onSessionAbort);
    if (this.turn) await this.endTurn(this.turn, { status: 'interrupted', code: OpenHandsErrorCodes.turnCancelled, message: 'The OpenHands session was disposed during the turn.' });
    this.stream.dispose();
    if (this.config.deleteConversationOnDispose) {
      await this.client.deleteConversation(this.conversationId).catch((error: unknown) => this.log('delete_failed', `deleting the conversation failed: ${errorMessage(error)}`));
    }
    this.client.dispose();
  }

  private fail(error: OpenHandsError): void {
    if (this.failure) return;
    this.failure = error;
    this.reportProblem(error);
    // A server that broke the contract may still be running the agent: the turn ends by pausing it.
    const agentMayRun = error.code === OpenHandsErrorCodes.protocolError || error.code === OpenHandsErrorCodes.unknownEvent;
    if (this.turn && agentMayRun) void this.endTurn(this.turn, { status: 'failed', code: error.code, message: error.message });
    else if (agentMayRun) this.client.pause(this.conversationId).catch((pauseError: unknown) => this.log('pause_failed', `pausing the conversation after ${error.code} failed: ${errorMessage(pauseError)}`));
    else this.turn?.fail(error.code, error.message);
  }

  private assertOpen(): void {
    if (this.disposal) throw new OpenHandsError(OpenHandsErrorCodes.sessionDisposed, 'This OpenHands session was disposed.');
  }

  private reportStarted(): void {
    reportSessionStarted(this.sink, {
      conversationId: this.conversationId, model: this.config.llm.model, baseUrl: this.config.baseUrl, confirmationMode: this.config.confirmationMode, cwd: this.options.workspacePath,
    });
  }

  private reportProblem(problem: OpenHandsError): void {
    reportProblem(this.sink, this.conversationId, problem);
  }

  private log(what: string, message: string): void {
    reportNote(this.sink, this.conversationId, what, message);
  }
}

function cancelledWhileStarting(): OpenHandsError {
  return new OpenHandsError(OpenHandsErrorCodes.sessionCancelled, 'The run was cancelled while the OpenHands conversation was starting.');
}
