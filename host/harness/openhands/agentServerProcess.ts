import { spawn } from 'node:child_process';
import { exitsWithin, signalProcessGroup } from '../../base/processGroup.ts';
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface AgentServerProcessOptions {
  /** Run as `bash -lc <command>`, like the Codex app-server (Symphony §10). */
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** How the process ended; `spawnError` is set when it never started. */
export interface AgentServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError: Error | null;
}

const OUTPUT_TAIL_LINES = 40;
const MAX_LINE_CHARS = 2_000;

/**
 * One agent-server child process in its own process group, so stopping it also stops what it
 * started (uvicorn workers, tool processes). Keeps the last lines of its output for error messages.
 */
export class AgentServerProcess {
  readonly exited: Promise<AgentServerExit>;
  private readonly child: ChildProcess;
  private readonly tail: string[] = [];
  private exit: AgentServerExit | null = null;

  constructor(options: AgentServerProcessOptions) {
    this.child = spawn('bash', ['-lc', options.command], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.exited = new Promise((resolve) => {
      const settle = (exit: AgentServerExit): void => {
        if (this.exit) return;
        this.exit = exit;
        resolve(exit);
      };
      this.child.once('error', (error) => settle({ code: null, signal: null, spawnError: error }));
      this.child.once('exit', (code, signal) => settle({ code, signal, spawnError: null }));
    });
    this.collect(this.child.stdout);
    this.collect(this.child.stderr);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exit !== null;
  }

  /** The last lines the server printed (stdout and stderr interleaved). */
  outputTail(): string[] {
    return [...this.tail];
  }

  /** SIGTERM to the group, SIGKILL after `graceMs`; then sweeps the group; idempotent. */
  async stop(graceMs: number): Promise<void> {
    if (!this.exit) {
      this.signalGroup('SIGTERM');
      if (!(await this.waitForExit(graceMs))) {
        this.signalGroup('SIGKILL');
        await this.waitForExit(graceMs);
      }
    }
    this.sweep();
  }

  /** Kills whatever is left in the group after the leader exited (a crash can orphan workers). */
  sweep(): void {
    this.signalGroup('SIGKILL');
  }

  private waitForExit(timeoutMs: number): Promise<boolean> {
    return exitsWithin(this.exited, timeoutMs);
  }

  private signalGroup(signal: NodeJS.Signals): void {
    signalProcessGroup(this.child.pid, signal);
  }

  private collect(stream: Readable | null): void {
    let pending = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = (lines.pop() ?? '').slice(-MAX_LINE_CHARS);
      for (const line of lines) this.remember(line);
    });
    stream?.on('end', () => this.remember(pending));
  }

  private remember(line: string): void {
    const trimmed = line.replace(/\r$/, '').slice(0, MAX_LINE_CHARS);
    if (!trimmed) return;
    this.tail.push(trimmed);
    if (this.tail.length > OUTPUT_TAIL_LINES) this.tail.shift();
  }
}
