// Child processes for the e2e scripts: long-lived servers run in their own process group so that
// stopping them also stops everything they spawned (code-server → extension host → orchestrator
// host → codex); one-shot commands run with inherited output and fail loudly.
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

/** A detached child and its whole process group. */
export interface ProcessGroup {
  readonly pid: number;
  /** Resolves with the exit code (or signal name) when the group leader exits. */
  readonly exited: Promise<number | string>;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once no member is left. */
  stop(graceMs?: number): Promise<{ forced: boolean; ms: number }>;
}

export function spawnGroup(command: string, args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv; logFile: string }): ProcessGroup {
  const out = openSync(options.logFile, 'a');
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', out, out], detached: true });
  closeSync(out);
  if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
  const pid = child.pid;
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.on('error', (error) => resolve(`spawn error: ${error.message}`));
  });
  return { pid, exited, stop: (graceMs = 10_000) => stopGroup(pid, graceMs) };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGroupGone(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

export async function stopGroup(pgid: number, graceMs: number): Promise<{ forced: boolean; ms: number }> {
  const started = Date.now();
  if (!groupAlive(pgid)) return { forced: false, ms: 0 };
  try { process.kill(-pgid, 'SIGTERM'); } catch { /* already gone */ }
  if (await waitGroupGone(pgid, graceMs)) return { forced: false, ms: Date.now() - started };
  try { process.kill(-pgid, 'SIGKILL'); } catch { /* already gone */ }
  await waitGroupGone(pgid, 5_000);
  return { forced: true, ms: Date.now() - started };
}

/** Runs a command to completion with inherited output and no stdin (nothing may prompt); rejects on a non-zero exit. */
export function runCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}) in ${options.cwd ?? process.cwd()}`));
    });
  });
}
