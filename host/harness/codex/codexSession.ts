import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { CodedError, errorMessage } from '../../base/errors.ts';
import { EventTypes } from '../../protocol/eventTypes.ts';
import type { ApprovalRequest, HarnessSession, HarnessSink, SessionOptions, TurnOutcome } from '../harnessAdapter.ts';
import type { AgentTool, ToolResult } from '../tools/agentTool.ts';
import { ActiveTurn } from './activeTurn.ts';
import type { TurnEndReason } from './activeTurn.ts';
import { CodexError, CodexErrorCodes } from './codexErrors.ts';
import { dynamicToolSpecs, runDynamicTool, toolsByName } from './codexDynamicTools.ts';
import { handleNotification } from './codexNotificationHandlers.ts';
import { CodexProcess } from './codexProcess.ts';
import type { InitializeParams, ThreadStartParams, ThreadStartResponse, TurnStartParams, TurnStartResponse } from './codexProtocol.ts';
import { handleServerRequest } from './codexServerRequestHandlers.ts';
import type { ApprovalAnswer, CodexSessionContext } from './codexSessionContext.ts';
import { truncateText } from './compactPayload.ts';
import { ItemTracker } from './itemTracker.ts';
import { JsonRpcConnection } from './jsonRpcConnection.ts';
import { processExitError } from './processExitError.ts';
import { TerminalWriter } from './terminalWriter.ts';
import { approvalPrompt, approvalResult, turnFooter, turnHeader } from './turnBanners.ts';

/** Settings of one Codex session, mapped from WORKFLOW.md `codex.*`. */
export interface CodexSessionConfig {
  command: string;
  approvalPolicy: string | Record<string, unknown>;
  threadSandbox: string;
  turnSandboxPolicy: Record<string, unknown> | null;
  readTimeoutMs: number;
  turnTimeoutMs: number;
  env: NodeJS.ProcessEnv;
  /** Dynamic tools offered to the model; none means the experimental API stays off. */
  tools: readonly AgentTool[];
}

const CLIENT_INFO: InitializeParams['clientInfo'] = { name: 'opensymphony', title: 'OpenSymphony', version: '0.1.0' };
/** How long we wait for `turn/completed` after asking the server to interrupt a turn. */
const INTERRUPT_GRACE_MS = 2_000;
/** stderr lines journaled per session; codex can be chatty and the tail is kept for errors anyway. */
const MAX_STDERR_EVENTS = 200;
const ANSI_ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]/g;
const CANCELLED: TurnEndReason = { status: 'interrupted', code: CodexErrorCodes.turnCancelled, message: 'The run was cancelled.' };

/** One `codex app-server` process holding one thread; turns run one at a time on that thread. */
export class CodexSession implements HarnessSession, CodexSessionContext {
  readonly sink: HarnessSink;
  readonly terminal: TerminalWriter;
  readonly items = new ItemTracker();
  private readonly config: CodexSessionConfig;
  private readonly options: SessionOptions;
  private readonly rpc: JsonRpcConnection;
  private readonly process: CodexProcess;
  private readonly finishedTurnIds = new Set<string>();
  private readonly tools: ReadonlyMap<string, AgentTool>;
  private thread: string | null = null;
  private turn: ActiveTurn | null = null;
  private turnCount = 0;
  private started = false;
  private failure: CodexError | null = null;
  private stderrEvents = 0;
  private disposal: Promise<void> | null = null;
  private readonly onSessionAbort = (): void => this.endActiveTurn(CANCELLED);

  /** Spawns the app-server, runs the handshake and starts a thread; cleans up if any step fails. */
  static async start(config: CodexSessionConfig, options: SessionOptions): Promise<CodexSession> {
    await assertWorkspaceDirectory(options.workspacePath);
    const session = new CodexSession(config, options);
    try {
      await session.handshake();
      return session;
    } catch (error) {
      await session.dispose();
      throw error;
    }
  }

  private constructor(config: CodexSessionConfig, options: SessionOptions) {
    this.config = config;
    this.options = options;
    this.tools = toolsByName(config.tools);
    this.sink = options.sink;
    this.terminal = new TerminalWriter((text) => options.sink.output(text));
    this.rpc = new JsonRpcConnection({
      write: (line) => this.process.writeLine(line),
      readTimeoutMs: config.readTimeoutMs,
      onNotification: (method, params) => handleNotification(method, params, this),
      onRequest: (method, params) => handleServerRequest(method, params, this),
      onMalformed: (line, reason) => this.log('malformed stdout line', { method: 'codex/malformed', reason, line: truncateText(line, 500) }),
    });
    this.process = new CodexProcess({
      command: config.command,
      cwd: options.workspacePath,
      env: config.env,
      // Once disposal starts the run is being finalized; late output must not reach its sink.
      onStdoutLine: (line) => { if (!this.disposal) { this.turn?.noteActivity(); this.rpc.receive(line); } },
      onStderrLine: (line) => { if (!this.disposal) this.reportStderr(line); },
      onProtocolError: (error) => this.fail(error),
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
    if (this.disposal) throw new CodedError('session_disposed', 'This Codex session was disposed; start a new session.');
    if (this.turn) throw new CodedError('turn_in_progress', 'A turn is already running on this Codex session; wait for it to finish.');
    if (this.failure) return { status: 'failed', turnId: null, error: { code: this.failure.code, message: this.failure.message } };
    if (signal.aborted || this.options.signal.aborted) return { status: 'interrupted', turnId: null, error: { code: CANCELLED.code, message: CANCELLED.message } };
    const turn = this.beginTurn(input);
    const onAbort = (): void => this.endTurn(turn, CANCELLED);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      this.rpc.request<TurnStartResponse>('turn/start', this.turnStartParams(input)).then(
        (response) => turn.setTurnId(response.turn.id),
        (error: unknown) => turn.fail(codeOf(error), errorMessage(error)),
      );
      const outcome = await turn.outcome;
      this.reportTurnEnd(turn, outcome);
      return outcome;
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (turn.turnId) this.finishedTurnIds.add(turn.turnId);
      this.turn = null;
    }
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
      // dynamicTools is an experimental API; asking for it without tools would opt in for nothing.
      const hasTools = this.tools.size > 0;
      const initialize: InitializeParams = { clientInfo: CLIENT_INFO, capabilities: { experimentalApi: hasTools } };
      await this.rpc.request('initialize', initialize);
      this.rpc.notify('initialized');
      const threadStart: ThreadStartParams = { cwd: this.options.workspacePath, approvalPolicy: this.config.approvalPolicy, sandbox: this.config.threadSandbox };
      if (hasTools) threadStart.dynamicTools = dynamicToolSpecs(this.config.tools);
      const response = await this.rpc.request<ThreadStartResponse>('thread/start', threadStart);
      if (typeof response?.thread?.id !== 'string') throw new CodexError(CodexErrorCodes.responseError, 'thread/start answered without a thread id.');
      this.thread = response.thread.id;
      this.started = true;
      this.reportSessionStarted(response);
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
        this.log('turn/interrupt failed', { method: 'opensymphony/interrupt_failed', message: errorMessage(error) });
      }
    });
  }

  private turnStartParams(input: string): TurnStartParams {
    const params: TurnStartParams = {
      threadId: this.sessionId,
      input: [{ type: 'text', text: input, text_elements: [] }],
      cwd: this.options.workspacePath,
      approvalPolicy: this.config.approvalPolicy,
    };
    if (this.config.turnSandboxPolicy) params.sandboxPolicy = this.config.turnSandboxPolicy;
    return params;
  }

  private fail(error: CodexError): void {
    if (this.failure) return;
    this.failure = error;
    this.rpc.close(error);
    this.turn?.fail(error.code, error.message);
  }

  private reportSessionStarted(response: ThreadStartResponse): void {
    this.sink.event({
      type: EventTypes.sessionStarted,
      summary: `codex thread ${this.sessionId} started`,
      payload: {
        session_id: this.sessionId,
        thread_id: this.sessionId,
        model: response.model ?? null,
        model_provider: response.modelProvider ?? null,
        codex_app_server_pid: this.process.pid ?? null,
        cwd: this.options.workspacePath,
      },
    });
  }

  private reportTurnEnd(turn: ActiveTurn, outcome: TurnOutcome): void {
    const elapsedMs = Date.now() - turn.startedAt;
    this.terminal.line(turnFooter(turn.number, outcome, elapsedMs));
    this.sink.event({
      type: EventTypes.turnCompleted,
      summary: `turn ${turn.number} ${outcome.status}${outcome.error ? ` (${outcome.error.code})` : ''}`,
      payload: { thread_id: this.thread, turn_id: outcome.turnId, turn_number: turn.number, status: outcome.status, error: outcome.error, elapsed_ms: elapsedMs },
    });
  }

  private reportStderr(line: string): void {
    this.stderrEvents++;
    if (this.stderrEvents > MAX_STDERR_EVENTS) {
      if (this.stderrEvents === MAX_STDERR_EVENTS + 1) this.log('further codex stderr lines are not journaled', { method: 'codex/stderr', line: '' });
      return;
    }
    // codex colours its log lines; the journal wants plain text.
    const plain = line.replace(ANSI_ESCAPES, '');
    this.log(`stderr: ${truncateText(plain, 200)}`, { method: 'codex/stderr', line: truncateText(plain) });
  }

  private log(summary: string, payload: Record<string, unknown>): void {
    this.sink.event({ type: EventTypes.agentNotification, summary, payload });
  }
}

function codeOf(error: unknown): string {
  return error instanceof CodedError ? error.code : CodexErrorCodes.responseError;
}

async function assertWorkspaceDirectory(path: string): Promise<void> {
  const fail = (why: string): CodexError => new CodexError(CodexErrorCodes.invalidWorkspaceCwd, `Workspace path ${path} ${why}; the Codex session needs an existing absolute directory.`);
  if (!isAbsolute(path)) throw fail('is not absolute');
  const info = await stat(path).catch(() => null);
  if (!info?.isDirectory()) throw fail('is not an existing directory');
}
