import { randomBytes } from 'node:crypto';
import { systemClock } from '../../base/clock.ts';
import type { Clock } from '../../base/clock.ts';
import { Emitter } from '../../base/emitter.ts';
import type { Event } from '../../base/emitter.ts';
import { errorMessage } from '../../base/errors.ts';
import type { IDisposable } from '../../base/lifecycle.ts';
import { Backoff, delay } from '../../client/backoff.ts';
import { AgentServerProcess } from './agentServerProcess.ts';
import type { AgentServerExit } from './agentServerProcess.ts';
import { findFreePort } from './freePort.ts';
import { OpenHandsError, OpenHandsErrorCodes } from './openHandsErrors.ts';
import { waitForAgentServerReady } from './readinessProbe.ts';

/** A1 launch command; `{host}` and `{port}` are filled in. */
export const DEFAULT_AGENT_SERVER_COMMAND = 'python -m openhands.agent_server --host {host} --port {port}';

export interface AgentServerSupervisorOptions {
  /** Run with `bash -lc`; default DEFAULT_AGENT_SERVER_COMMAND. */
  command?: string;
  /** Where the server listens and where clients reach it (default 127.0.0.1). */
  host?: string;
  /** 0 (default): a free port, chosen once and kept across restarts so clients can reconnect. */
  port?: number;
  /** The server's working directory: its `workspace/conversations` store lives below it. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Bound for each launch to answer `/ready` (default 120 s: Python startup is slow). */
  readyTimeoutMs?: number;
  /** Restarts after a crash or a failed launch, with backoff; after `maxRestarts` it gives up. */
  restart?: { maxRestarts?: number; initialMs?: number; maxMs?: number };
  /** A server that ran this long gets its restart budget back (default 60 s). */
  stableAfterMs?: number;
  /** SIGTERM → SIGKILL grace when stopping (default 5 s). */
  stopGraceMs?: number;
  clock?: Clock;
}

/** What the supervisor is doing; every change is reported on `onDidChangeState`. */
export type AgentServerState =
  | { status: 'idle' }
  | { status: 'starting'; attempt: number }
  | { status: 'ready'; pid: number | null }
  | { status: 'restarting'; attempt: number; delayMs: number; reason: string }
  | { status: 'failed'; error: OpenHandsError }
  | { status: 'stopped' };

/**
 * Runs a local OpenHands agent-server for the host: a free port, a fresh session API key (passed
 * as `OH_SESSION_API_KEYS_0` and the legacy `SESSION_API_KEY`, A1), readiness via `/ready`,
 * restarts with backoff when it dies, and a process-group stop with the host.
 */
export class AgentServerSupervisor implements IDisposable {
  /** 256 random bits; never logged. */
  readonly sessionApiKey = randomBytes(32).toString('base64url');
  private readonly options: AgentServerSupervisorOptions;
  private readonly clock: Clock;
  private readonly stateEmitter = new Emitter<AgentServerState>();
  private readonly stopController = new AbortController();
  private readonly backoff: Backoff;
  private current: AgentServerState = { status: 'idle' };
  private process: AgentServerProcess | null = null;
  private port: number | null = null;
  private starting: Promise<void> | null = null;
  private supervising: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | null = null;

  constructor(options: AgentServerSupervisorOptions = {}) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.backoff = new Backoff({ initialMs: options.restart?.initialMs ?? 1_000, maxMs: options.restart?.maxMs ?? 30_000, factor: 2, jitter: 0 });
  }

  readonly onDidChangeState: Event<AgentServerState> = this.stateEmitter.event;

  get state(): AgentServerState {
    return this.current;
  }

  /** `http://host:port`; known once start() chose the port. */
  get baseUrl(): string {
    if (this.port === null) throw new OpenHandsError(OpenHandsErrorCodes.serverStartFailed, 'The agent-server has no address before start().');
    return `http://${this.host}:${this.port}`;
  }

  get pid(): number | null {
    return this.process?.pid ?? null;
  }

  /** Launches the server and resolves once it is ready; rejects with a typed error when it gives up. */
  start(): Promise<void> {
    this.starting ??= this.launch();
    return this.starting;
  }

  /** Stops the server (its whole process group) and any pending restart; idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  dispose(): void {
    void this.stop();
  }

  private get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  private async launch(): Promise<void> {
    this.port = this.options.port || await findFreePort(this.host);
    await new Promise<void>((resolve, reject) => {
      // Settling twice is a no-op: this only matters when the loop ends before the first ready.
      this.supervising = this.supervise({ resolve, reject }).finally(() => reject(new OpenHandsError(OpenHandsErrorCodes.serverStartFailed, 'the agent-server was stopped before it was ready')));
    });
  }

  /** Launch, wait for ready, watch; on failure restart with backoff until the budget is spent. */
  private async supervise(firstReady: { resolve(): void; reject(error: unknown): void }): Promise<void> {
    let failures = 0;
    while (!this.stopController.signal.aborted) {
      this.setState({ status: 'starting', attempt: failures + 1 });
      const process = this.spawn();
      const ready = await this.readyOrExit(process);
      let failure: OpenHandsError;
      if (ready === true) {
        const readyAt = this.clock.now();
        this.setState({ status: 'ready', pid: process.pid ?? null });
        firstReady.resolve();
        const exit = await process.exited;
        if (this.stopController.signal.aborted) return;
        process.sweep();
        if (this.clock.now() - readyAt >= (this.options.stableAfterMs ?? 60_000)) {
          failures = 0;
          this.backoff.reset();
        }
        failure = exitError(exit, process, 'while running');
      } else {
        await process.stop(this.options.stopGraceMs ?? 5_000);
        if (this.stopController.signal.aborted) return;
        failure = ready;
      }
      failures++;
      if (failures > (this.options.restart?.maxRestarts ?? 5)) {
        const error = new OpenHandsError(OpenHandsErrorCodes.serverCrashLoop, `the agent-server failed ${failures} times in a row; giving up (last: ${failure.code}: ${failure.message})`, { cause: failure });
        this.setState({ status: 'failed', error });
        firstReady.reject(error);
        return;
      }
      const delayMs = this.backoff.next();
      this.setState({ status: 'restarting', attempt: failures, delayMs, reason: `${failure.code}: ${failure.message}` });
      await delay(this.clock, delayMs, this.stopController.signal).catch(() => {});
    }
  }

  private spawn(): AgentServerProcess {
    const command = (this.options.command ?? DEFAULT_AGENT_SERVER_COMMAND).replaceAll('{host}', this.host).replaceAll('{port}', String(this.port));
    const env = {
      // The bundled VS Code server listens on a fixed port (8001); two hosts would collide.
      OH_ENABLE_VSCODE: '0',
      ...(this.options.env ?? process.env),
      OH_SESSION_API_KEYS_0: this.sessionApiKey,
      SESSION_API_KEY: this.sessionApiKey,
    };
    this.process = new AgentServerProcess({ command, cwd: this.options.cwd ?? process.cwd(), env });
    return this.process;
  }

  /** True once `/ready` answers; the typed reason when the process exits or the bound passes first. */
  private async readyOrExit(process: AgentServerProcess): Promise<true | OpenHandsError> {
    const probeStop = new AbortController();
    try {
      return await new Promise<true | OpenHandsError>((resolve) => {
        void process.exited.then((exit) => resolve(exitError(exit, process, 'before it was ready')));
        waitForAgentServerReady({
          baseUrl: this.baseUrl,
          timeoutMs: this.options.readyTimeoutMs ?? 120_000,
          clock: this.clock,
          signal: AbortSignal.any([probeStop.signal, this.stopController.signal]),
        }).then(() => resolve(true), (error: unknown) => resolve(asOpenHandsError(error)));
      });
    } finally {
      probeStop.abort();
    }
  }

  private async shutDown(): Promise<void> {
    this.stopController.abort();
    await this.process?.stop(this.options.stopGraceMs ?? 5_000);
    await this.supervising;
    this.setState({ status: 'stopped' });
    this.stateEmitter.dispose();
  }

  private setState(state: AgentServerState): void {
    this.current = state;
    this.stateEmitter.fire(state);
  }
}

function exitError(exit: AgentServerExit, process: AgentServerProcess, when: string): OpenHandsError {
  const how = exit.spawnError ? `could not be started (${exit.spawnError.message})` : `exited ${when} with ${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}`;
  const tail = process.outputTail().slice(-10).join('\n');
  const code = when === 'while running' ? OpenHandsErrorCodes.serverExited : OpenHandsErrorCodes.serverStartFailed;
  return new OpenHandsError(code, `the agent-server ${how}${tail ? `; its last output:\n${tail}` : ''}`);
}

function asOpenHandsError(error: unknown): OpenHandsError {
  if (error instanceof OpenHandsError) return error;
  return new OpenHandsError(OpenHandsErrorCodes.serverNotReady, `waiting for the agent-server failed: ${errorMessage(error)}`, { cause: error });
}
