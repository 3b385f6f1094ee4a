import { spawn } from 'node:child_process';

export interface HookResult {
  outcome: 'ok' | 'failed' | 'timeout';
  exitCode: number | null;
  /** Combined output, truncated to the last 8 KiB. */
  output: string;
  durationMs: number;
}

const OUTPUT_LIMIT = 8 * 1024;

/** Runs a hook script with `sh -c` in `cwd`; on timeout the whole process group is killed. */
export function runHook(script: string, cwd: string, timeoutMs: number): Promise<HookResult> {
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const child = spawn('sh', ['-c', script], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => { output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT); };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    const finish = (exitCode: number | null) => {
      clearTimeout(timer);
      const outcome = timedOut ? 'timeout' : exitCode === 0 ? 'ok' : 'failed';
      resolvePromise({ outcome, exitCode, output, durationMs: Date.now() - started });
    };
    child.on('error', (error) => { output += String(error); finish(null); });
    child.on('close', (code) => finish(code));
  });
}
