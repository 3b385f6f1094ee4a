import type { SupervisorLog } from '../../extension/connection/hostSupervisor.ts';

/**
 * Stands in for the extension's output channel: keeps every line and resolves waits on the line a
 * test expects, so a test can act at a known point of the supervisor's work.
 */
export class OutputChannelRecorder implements SupervisorLog {
  readonly lines: string[] = [];
  private waiters: { pattern: RegExp; resolve: () => void }[] = [];

  debug = (message: string) => this.record('debug', message);
  info = (message: string) => this.record('info', message);
  warn = (message: string) => this.record('warn', message);
  error = (message: string | Error) => this.record('error', String(message));

  /** Resolves once a line matching `pattern` was logged (now or earlier); rejects after the bound. */
  waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    if (this.lines.some((line) => pattern.test(line))) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${this.text()}`)), timeoutMs);
      this.waiters.push({ pattern, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }

  /** The supervisor's "spawn #n: starting host" lines. */
  spawns(): string[] {
    return this.lines.filter((line) => /spawn #\d+: starting host/.test(line));
  }

  text(): string {
    return this.lines.join('\n');
  }

  private record(level: string, message: string): void {
    const line = `[${level}] ${message}`;
    this.lines.push(line);
    for (const waiter of [...this.waiters]) {
      if (!waiter.pattern.test(line)) continue;
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }
}
