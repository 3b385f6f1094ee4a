import { CodedError, errorMessage } from '../../base/errors.ts';
import type {
  ApprovalRequest, HarnessCapabilities, HarnessHistoryEvent, HarnessSession, HarnessSink, MessageDelivery, SessionOptions, TurnOutcome,
  UserInputRequest,
} from '../harnessAdapter.ts';
import type { AgentTool, ToolResult } from '../tools/agentTool.ts';
import { ActiveTurn } from './activeTurn.ts';
import type { TurnEndReason } from './activeTurn.ts';
import type { ApprovalAnswer } from './codexApprovalReplies.ts';
import { CodexDiagnostics } from './codexDiagnostics.ts';
import { CodexError, CodexErrorCodes } from './codexErrors.ts';
import { runDynamicTool, toolsByName } from './codexDynamicTools.ts';
import { historyOf } from './codexHistory.ts';
import { handleNotification } from './codexNotificationHandlers.ts';
import { CodexProcess } from './codexProcess.ts';
import type { ThreadReadParams, ThreadReadResponse, TurnStartResponse } from './codexProtocol.ts';
import { handleServerRequest } from './codexServerRequestHandlers.ts';
import type { CodexSessionContext } from './codexSessionContext.ts';
import type { UserInputAnswer } from './codexUserInput.ts';
import { reportApprovalReplied, reportNote, reportQuestionReplied, reportSessionStarted, reportTurnEnd, StderrReporter } from './codexSessionReports.ts';
import { CodexSteering } from './codexSteering.ts';
import { assertWorkspaceDirectory, openThread, turnStartParams } from './codexThreadStart.ts';
import type { CodexThreadSettings } from './codexThreadStart.ts';
import { ItemTracker } from './itemTracker.ts';
import { JsonRpcConnection } from './jsonRpcConnection.ts';
import type { LineOverflowError } from './ndjsonLineSplitter.ts';
import { processExitError } from './processExitError.ts';
import { TerminalWriter } from './terminalWriter.ts';
import { approvalPrompt, approvalResult, operatorMessageLine, questionPrompt, questionResult, turnHeader } from './turnBanners.ts';

/** Settings of one Codex session, mapped from WORKFLOW.md `codex.*`. */
export interface CodexSessionConfig extends CodexThreadSettings {
  command: string;
  readTimeoutMs: number;
  turnTimeoutMs: number;
  env: NodeJS.ProcessEnv;
}

/** What a Codex session can do: no pause (the app-server has none), no event replay from a cursor. */
export const CODEX_CAPABILITIES: HarnessCapabilities = {
  resumeSession: true, attachFromCursor: false, sendMessage: true, cancel: true, pauseResume: false,
  history: true, reconnect: false, approvals: true, approveForSession: true,
};

/** How long we wait for `turn/completed` after asking the server to interrupt a turn. */
const INTERRUPT_GRACE_MS = 2_000;
const CANCELLED: TurnEndReason = { status: 'interrupted', code: CodexErrorCodes.turnCancelled, message: 'The run was cancelled.' };

/** One `codex app-server` process holding one thread; turns run one at a time on that thread. */
export class CodexSession implements HarnessSession, CodexSessionContext {
  readonly capabilities = CODEX_CAPABILITIES;
  readonly sink: HarnessSink;
  readonly terminal: TerminalWriter;
  readonly items = new ItemTracker();
  private readonly config: CodexSessionConfig;
  private readonly options: SessionOptions;
  private readonly rpc: JsonRpcConnection;
  private readonly process: CodexProcess;
  private readonly diagnostics: CodexDiagnostics;
  private readonly stderr: StderrReporter;
  private readonly finishedTurnIds = new Set<string>();
  private readonly tools: ReadonlyMap<string, AgentTool>;
  private readonly steering: CodexSteering;
  private thread: string | null = null;
  private turn: ActiveTurn | null = null;
  private turnCount = 0;
  private started = false;
  private failure: CodexError | null = null;
  private disposal: Promise<void> | null = null;
  private readonly onSessionAbort = (): void => this.endActiveTurn(CANCELLED);

  /** Spawns the app-server, runs the handshake and starts (or resumes) a thread; cleans up if any step fails. */
  static async start(config: CodexSessionConfig, options: SessionOptions): Promise<CodexSession> {
    await assertWorkspaceDirectory(options.workspacePath);
    const session = new CodexSession(config, options);
    try {
      await session.handshake();
      return session;
    } catch (error) {
      session.diagnostics.keepStartupFailure(error, session.process.stderrTail());
      await session.dispose();
      throw error;
    }
  }

  private constructor(config: CodexSessionConfig, options: SessionOptions) {
    this.config = config;
    this.options = options;
    this.tools = toolsByName(config.tools);
    this.sink = options.sink;
    this.diagnostics = new CodexDiagnostics(options.sink);
    this.stderr = new StderrReporter(options.sink);
    this.terminal = new TerminalWriter((text) => options.sink.output(text));
    this.rpc = new JsonRpcConnection({
      write: (line) => this.process.writeLine(line),
      readTimeoutMs: config.readTimeoutMs,
      onNotification: (method, params) => handleNotification(method, params, this),
      onRequest: (method, params) => handleServerRequest(method, params, this),
      onMalformed: (line, reason) => this.malformed(line, reason),
    });
    this.steering = new CodexSteering(this.rpc, { threadId: () => this.thread, activeTurn: () => this.turn });
    this.process = new CodexProcess({
      command: config.command,
      cwd: options.workspacePath,
      env: config.env,
      // Once disposal starts the run is being finalized; late output must not reach its sink.
      onStdoutLine: (line) => this.stdoutLine(line),
      onStdoutData: () => { if (!this.disposal) this.turn?.noteActivity(); },
      onStderrLine: (line) => { if (!this.disposal) this.stderr.report(line); },
      onProtocolError: (error) => this.overflow(error),
    });
    void this.process.exited.then((exit) => this.fail(processExitError(exit, config.command, this.process.stderrTail(), !this.started)));
  }

  get sessionId(): string {
    return this.thread ?? '';
  }

  get threadId(): string | null {
    return this.thread;
  }

  activeTurn(): ActiveTurn | null {
    return this.turn;
  }

  isFinishedTurn(turnId: string): boolean {
    return this.finishedTurnIds.has(turnId);
  }

  async runTurn(input: string, signal: AbortSignal): Promise<TurnOutcome> {
    this.assertOpen();
    if (this.turn) throw new CodedError('turn_in_progress', 'A turn is already running on this Codex session; wait for it to finish.');
    if (this.failure) return { status: 'failed', turnId: null, error: { code: this.failure.code, message: this.failure.message } };
    if (signal.aborted || this.options.signal.aborted) return { status: 'interrupted', turnId: null, error: { code: CANCELLED.code, message: CANCELLED.message } };
    const turn = this.beginTurn(input);
    const onAbort = (): void => this.endTurn(turn, CANCELLED);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const inputs = [input, ...this.steering.takeQueued()];
      this.rpc.request<TurnStartResponse>('turn/start', turnStartParams(this.sessionId, inputs, this.config, this.options.workspacePath)).then(
        (response) => turn.setTurnId(response.turn.id),
        (error: unknown) => turn.fail(codeOf(error), errorMessage(error)),
      );
      const outcome = await turn.outcome;
      const rawRef = outcome.status === 'failed' && outcome.error ? this.diagnostics.keepFailure(outcome.error, this.process.stderrTail()) : null;
      reportTurnEnd(this.sink, this.terminal, { threadId: this.thread, turnNumber: turn.number, outcome, elapsedMs: Date.now() - turn.startedAt, rawRef });
      return outcome;
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (turn.turnId) this.finishedTurnIds.add(turn.turnId);
      this.turn = null;
    }
  }

  /** Steers the message into the running turn (`turn/steer`), or keeps it for the next `turn/start`. */
  async sendUserMessage(text: string): Promise<MessageDelivery> {
    this.assertOpen();
    if (this.failure) throw this.failure;
    this.terminal.line(operatorMessageLine(text));
    return this.steering.deliver(text);
  }

  /** Interrupts the active turn (`turn/interrupt`) and waits for it to end; the thread stays usable. */
  async cancel(): Promise<void> {
    this.assertOpen();
    const turn = this.turn;
    if (!turn) return;
    this.endTurn(turn, CANCELLED);
    await turn.outcome;
  }

  /** The thread's items as Codex persisted them (`thread/read` with turns), after `cursor` (an item id). */
  async fetchHistory(options: { cursor?: string | null } = {}): Promise<HarnessHistoryEvent[]> {
    this.assertOpen();
    const params: ThreadReadParams = { threadId: this.sessionId, includeTurns: true };
    const response = await this.rpc.request<Partial<ThreadReadResponse>>('thread/read', params);
    return historyOf(response, options.cursor ?? null);
  }

  endActiveTurn(reason: TurnEndReason): void {
    if (this.turn) this.endTurn(this.turn, reason);
  }

  async askApproval(request: ApprovalRequest): Promise<ApprovalAnswer> {
    const resumeSilenceClock = this.turn?.pauseSilence();
    this.terminal.line(approvalPrompt(request));
    let answer: ApprovalAnswer = 'cancelled';
    try {
      answer = await this.sink.requestApproval(request);
    } catch {
      // The sink rejects when the run is cancelled; the server still needs an answer.
    } finally {
      resumeSilenceClock?.();
    }
    this.terminal.line(approvalResult(answer));
    return answer;
  }

  async askUser(request: UserInputRequest): Promise<UserInputAnswer> {
    const resumeSilenceClock = this.turn?.pauseSilence();
    this.terminal.line(questionPrompt(request));
    let answer: UserInputAnswer = 'cancelled';
    try {
      answer = await this.sink.requestUserInput(request);
    } catch {
      // The sink rejects when the run is cancelled; the server still needs an answer.
    } finally {
      resumeSilenceClock?.();
    }
    this.terminal.line(questionResult(answer));
    return answer;
  }

  approvalReplied(request: ApprovalRequest, decision: string, askedAtMs: number): void {
    if (!this.disposal) reportApprovalReplied(this.sink, request, decision, performance.now() - askedAtMs);
  }

  questionReplied(outcome: string, askedAtMs: number): void {
    if (!this.disposal) reportQuestionReplied(this.sink, outcome, performance.now() - askedAtMs);
  }

  keepUnknownRaw(source: string, method: string, body: () => string): string | null {
    return this.diagnostics.keepUnknown(source, method, body);
  }

  steer(text: string): void {
    this.steering.steer(text).catch((error: unknown) => this.note('turn/steer failed', 'opensymphony/steer_failed', { message: errorMessage(error) }));
  }

  callTool(name: string, args: unknown): Promise<ToolResult> | undefined {
    const tool = this.tools.get(name);
    if (!tool) return undefined;
    // The server waits for our answer; that silence is ours, not the agent's.
    const resumeSilenceClock = this.turn?.pauseSilence();
    return runDynamicTool(tool, args, { signal: this.options.signal, issue: this.options.issue }, this.terminal).finally(() => resumeSilenceClock?.());
  }

  dispose(): Promise<void> {
    this.disposal ??= this.shutDown();
    return this.disposal;
  }

  private async shutDown(): Promise<void> {
    this.options.signal.removeEventListener('abort', this.onSessionAbort);
    this.turn?.fail(CodexErrorCodes.turnCancelled, 'The Codex session was disposed during the turn.');
    try {
      await this.process.dispose();
    } finally {
      this.rpc.close(new CodexError(CodexErrorCodes.portExit, 'The Codex session was disposed.'));
    }
  }

  private async handshake(): Promise<void> {
    const signal = this.options.signal;
    const onAbort = (): void => this.fail(new CodexError(CodexErrorCodes.sessionCancelled, 'The run was cancelled while the Codex session was starting.'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const thread = await openThread(this.rpc, this.config, this.options);
      this.thread = thread.threadId;
      this.started = true;
      reportSessionStarted(this.sink, thread, this.process.pid ?? null, this.options.workspacePath);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    signal.addEventListener('abort', this.onSessionAbort, { once: true });
  }

  private beginTurn(input: string): ActiveTurn {
    const turn: ActiveTurn = new ActiveTurn({
      number: ++this.turnCount,
      silenceTimeoutMs: this.config.turnTimeoutMs,
      onSilence: () => this.endTurn(turn, {
        status: 'failed',
        code: CodexErrorCodes.turnTimeout,
        message: `codex app-server sent nothing for ${this.config.turnTimeoutMs} ms (codex.turn_timeout_ms).`,
      }),
    });
    this.turn = turn;
    this.items.clear();
    this.terminal.line(turnHeader(turn.number, input));
    return turn;
  }

  /** Asks the server to interrupt; the turn settles on `turn/completed` or after a grace period. */
  private endTurn(turn: ActiveTurn, reason: TurnEndReason): void {
    if (!turn.beginEnding(reason, INTERRUPT_GRACE_MS)) return;
    void turn.whenTurnId().then(async (turnId) => {
      if (turnId === null || turn.isSettled || !this.thread) return;
      try {
        await this.rpc.request('turn/interrupt', { threadId: this.thread, turnId });
      } catch (error) {
        this.note('turn/interrupt failed', 'opensymphony/interrupt_failed', { message: errorMessage(error) });
      }
    });
  }

  private stdoutLine(line: string): void {
    if (this.disposal) return;
    this.diagnostics.noteLine(line);
    // After a failure nothing the server says is trusted: kept for diagnosis, never acted on.
    if (!this.failure) this.rpc.receive(line);
  }

  /**
   * A line that is not a JSON-RPC message: kept raw, and the session fails (`protocol_error`). A
   * server that breaks the framing may have lost or garbled anything, approvals included, so the
   * run does not carry on guessing.
   */
  private malformed(line: string, reason: string): void {
    this.diagnostics.malformed(line, reason);
    this.failSession(new CodexError(CodexErrorCodes.protocolError, `codex app-server wrote a stdout line that is not a JSON-RPC message (${reason}); the stream is not usable. The line is kept raw.`));
  }

  failSession(error: CodexError): void {
    if (this.failure) return;
    this.fail(error);
    void this.process.dispose();
  }

  private overflow(error: LineOverflowError): void {
    this.diagnostics.keepOverflow(error);
    this.fail(error);
  }

  private fail(error: CodexError): void {
    if (this.failure) return;
    this.failure = error;
    this.rpc.close(error);
    this.turn?.fail(error.code, error.message);
  }

  private assertOpen(): void {
    if (this.disposal) throw new CodedError('session_disposed', 'This Codex session was disposed; start a new session.');
  }

  private note(summary: string, method: string, payload: Record<string, unknown>): void {
    reportNote(this.sink, summary, { method, ...payload });
  }
}

function codeOf(error: unknown): string {
  return error instanceof CodedError ? error.code : CodexErrorCodes.responseError;
}
