import { spawn } from 'node:child_process';
import { signalProcessGroup } from '../base/processGroup.ts';

/** The four workspace hooks (Symphony §4). */
export type HookName = 'after_create' | 'before_run' | 'after_run' | 'before_remove';

export interface HookResult {
  outcome: 'ok' | 'failed' | 'timeout';
  exitCode: number | null;
  /** Combined stdout and stderr, truncated to the last 8 KiB. */
  output: string;
  durationMs: number;
}

/** Hears hook starts and ends, for logs; hook output reaches logs truncated (`truncateHookOutput`). */
export interface HookObserver {
  started(hook: HookName, cwd: string): void;
  finished(hook: HookName, cwd: string, result: HookResult): void;
  /** Something in workspace upkeep went wrong but was worked around (logged, never silent). */
  warning(message: string, path: string): void;
}

export const silentHookObserver: HookObserver = { started: () => undefined, finished: () => undefined, warning: () => undefined };

const OUTPUT_LIMIT = 8 * 1024;
/** After the hook's shell exits, how long its output pipes may stay open (held by a background child). */
const PIPE_DRAIN_MS = 250;

/**
 * Runs a hook script with `sh -c` in `cwd` (no login shell, so no rc files run) in its own process
 * group. On timeout the whole group is killed, descendants included. A background process the
 * script leaves behind does not hold the hook open once the script itself has exited.
 */
export function runHook(script: string, cwd: string, timeoutMs: number): Promise<HookResult> {
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const child = spawn('sh', ['-c', script], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    let settled = false;
    const collect = (chunk: Buffer) => { output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT); };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    const finish = (exitCode: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const outcome = timedOut ? 'timeout' : exitCode === 0 ? 'ok' : 'failed';
      resolvePromise({ outcome, exitCode, output, durationMs: Date.now() - started });
    };
    child.on('error', (error) => { output += String(error); finish(null); });
    child.on('close', (code) => finish(code));
    child.on('exit', (code) => {
      const drain = setTimeout(() => { child.stdout.destroy(); child.stderr.destroy(); finish(code); }, PIPE_DRAIN_MS);
      drain.unref();
    });
  });
}

function killGroup(pid: number | undefined): void {
  signalProcessGroup(pid, 'SIGKILL');
}

/** The tail of a hook's output, short enough for one log line. */
export function truncateHookOutput(output: string, maxChars = 1_000): string {
  const trimmed = output.trim();
  return trimmed.length <= maxChars ? trimmed : `…${trimmed.slice(-maxChars)}`;
}
