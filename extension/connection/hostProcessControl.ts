import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayClient } from '../../host/client/gatewayClient.ts';

/** How often a host that holds the folder but is not ready yet is checked for being alive. */
const OWNER_PROBE_MS = 250;

/**
 * The folder's host process seen from outside. The host names itself in `<data>/host.lock`, which
 * it takes before it opens anything (host/composition/dataFolderLock.ts): the lock, not the pid of
 * the process a window spawned, says which host owns the folder, because a spawned host that finds
 * the folder taken exits at once.
 */
export function lockOwner(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'host.lock'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits until `client`'s host is ready, as long as the process `pid` (the folder's lock owner) lives. */
export async function waitForReadyWhileAlive(client: GatewayClient, pid: number, timeoutMs: number): Promise<void> {
  const gone = new AbortController();
  const watch = setInterval(() => { if (!isAlive(pid)) gone.abort(new Error(`pid ${pid} stopped`)); }, OWNER_PROBE_MS);
  try {
    await client.waitForReady({ timeoutMs, signal: gone.signal });
  } finally {
    clearInterval(watch);
  }
}

/** Stops the host `pid` serving `socketPath`: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopHostProcess(pid: number, socketPath: string, graceMs = 5_000): Promise<void> {
  if (!isAlive(pid) || !servesSocket(pid, socketPath)) return;
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isAlive(pid)) signal(pid, 'SIGKILL');
}

/**
 * Guards against a stale pid whose number now belongs to another process: where the process table
 * is readable (/proc), the pid must be a host serving this folder's socket.
 */
function servesSocket(pid: number, socketPath: string): boolean {
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(socketPath);
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // exited meanwhile
  }
}
