import { spawn } from 'node:child_process';
import { exitsWithin, signalProcessGroup } from '../../base/processGroup.ts';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { NdjsonLineSplitter } from './ndjsonLineSplitter.ts';
import type { LineOverflowError } from './ndjsonLineSplitter.ts';

export interface CodexProcessOptions {
  /** Run as `bash -lc <command>` (Symphony §10 launch contract). */
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  onStdoutLine(line: string): void;
  /** Bytes arrived on stdout (a long line proves the server alive before it is complete). */
  onStdoutData?(): void;
  onStderrLine(line: string): void;
  /** A stdout line passed the cap; the process is being killed. The error carries the line's start. */
  onProtocolError(error: LineOverflowError): void;
}

/** How the process ended; `spawnError` is set when it never started. */
export interface CodexProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError: Error | null;
}

const STDERR_TAIL_LINES = 20;
const MAX_STDERR_LINE_CHARS = 8 * 1024;
const GRACEFUL_EXIT_MS = 2_000;
const TERM_EXIT_MS = 1_000;

/**
 * The app-server child process. It runs in its own process group so that dispose() also reaches
 * whatever the agent started (sandboxed commands, background terminals).
 */
export class CodexProcess {
  readonly exited: Promise<CodexProcessExit>;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly stderrLines: string[] = [];
  private exit: CodexProcessExit | null = null;
  private disposing: Promise<void> | null = null;

  constructor(options: CodexProcessOptions) {
    this.child = spawn('bash', ['-lc', options.command], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    this.exited = new Promise((resolve) => {
      const settle = (exit: CodexProcessExit): void => {
        if (this.exit) return;
        this.exit = exit;
        resolve(exit);
      };
      this.child.once('error', (error) => settle({ code: null, signal: null, spawnError: error }));
      this.child.once('close', (code, signal) => settle({ code, signal, spawnError: null }));
    });
    // A write after the server died raises EPIPE here; the exit path reports it, so do not crash.
    this.child.stdin.on('error', () => undefined);
    this.readStdout(options);
    this.readStderr(options);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exit !== null;
  }

  /** The last stderr lines, for error messages. */
  stderrTail(): string[] {
    return [...this.stderrLines];
  }

  writeLine(line: string): void {
    if (this.exit || this.disposing || !this.child.stdin.writable) return;
    this.child.stdin.write(`${line}\n`);
  }

  /** Closes stdin, waits for a graceful exit, then TERM/KILLs the process group; idempotent. */
  dispose(): Promise<void> {
    this.disposing ??= this.shutDown();
    return this.disposing;
  }

  private async shutDown(): Promise<void> {
    this.child.stdin.end();
    if (!(await this.waitForExit(GRACEFUL_EXIT_MS))) {
      this.signalGroup('SIGTERM');
      if (!(await this.waitForExit(TERM_EXIT_MS))) {
        this.signalGroup('SIGKILL');
        await this.waitForExit(TERM_EXIT_MS);
      }
    }
    // Sweep anything the agent left running in the group after the server itself exited.
    this.signalGroup('SIGKILL');
  }

  private waitForExit(timeoutMs: number): Promise<boolean> {
    return exitsWithin(this.exited, timeoutMs);
  }

  private signalGroup(signal: NodeJS.Signals): void {
    signalProcessGroup(this.child.pid, signal);
  }

  private readStdout(options: CodexProcessOptions): void {
    const splitter = new NdjsonLineSplitter();
    this.child.stdout.on('data', (chunk: Buffer) => {
      options.onStdoutData?.();
      let lines: string[];
      try {
        lines = splitter.push(chunk);
      } catch (error) {
        this.child.stdout.removeAllListeners('data');
        options.onProtocolError(error as LineOverflowError);
        this.signalGroup('SIGKILL');
        return;
      }
      for (const line of lines) options.onStdoutLine(line);
    });
  }

  private readStderr(options: CodexProcessOptions): void {
    const decoder = new StringDecoder('utf8');
    let pending = '';
    const emit = (line: string): void => {
      const trimmed = line.replace(/\r$/, '').slice(0, MAX_STDERR_LINE_CHARS);
      if (!trimmed) return;
      this.stderrLines.push(trimmed);
      if (this.stderrLines.length > STDERR_TAIL_LINES) this.stderrLines.shift();
      options.onStderrLine(trimmed);
    };
    this.child.stderr.on('data', (chunk: Buffer) => {
      const parts = (pending + decoder.write(chunk)).split('\n');
      pending = (parts.pop() ?? '').slice(0, MAX_STDERR_LINE_CHARS);
      parts.forEach(emit);
    });
    this.child.stderr.on('end', () => emit(pending));
  }
}
