import { chmod, lstat, unlink } from 'node:fs/promises';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { CodedError, errorMessage } from '../base/errors.ts';

/** Only the user who runs the host may connect; the token is the second lock. */
const SOCKET_MODE = 0o600;

/** Longest socket path the platform accepts, in bytes (sun_path minus its terminating NUL). */
export function maxSocketPathBytes(platform: NodeJS.Platform = process.platform): number {
  return platform === 'linux' || platform === 'android' ? 107 : 103;
}

/** True for a Windows named pipe path (`\\.\pipe\name` or `\\?\pipe\name`). */
export function isWindowsPipe(socketPath: string): boolean {
  return /^\\\\[.?]\\pipe\\./i.test(socketPath);
}

/** What is wrong with a local socket path before trying it, or undefined. */
export function socketPathProblem(socketPath: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform === 'win32') {
    return isWindowsPipe(socketPath) ? undefined : `${socketPath} is not a named pipe path; on Windows use \\\\.\\pipe\\<name>`;
  }
  const bytes = Buffer.byteLength(socketPath);
  const max = maxSocketPathBytes(platform);
  return bytes > max ? `${socketPath} is ${bytes} bytes, longer than the ${max} a socket path may have here; choose a shorter path (e.g. under /tmp)` : undefined;
}

/**
 * Listens on a Unix domain socket (a named pipe on Windows). A leftover socket file from a crashed
 * host is removed, but only when nothing answers on it: a live server there means another host
 * owns this workspace.
 */
export async function listenOnUnixSocket(server: Server, socketPath: string): Promise<void> {
  const problem = socketPathProblem(socketPath);
  if (problem) throw new CodedError('invalid_socket_path', problem);
  if (isWindowsPipe(socketPath)) return listenOnPipe(server, socketPath);
  try {
    await listenOnce(server, socketPath);
  } catch (error) {
    if (!isErrorCode(error, 'EADDRINUSE')) throw listenFailed(socketPath, error);
    await removeStaleSocket(socketPath);
    try {
      await listenOnce(server, socketPath);
    } catch (retryError) {
      // Another host bound the path between our unlink and listen.
      throw isErrorCode(retryError, 'EADDRINUSE') ? socketInUse(socketPath) : listenFailed(socketPath, retryError);
    }
  }
  await chmod(socketPath, SOCKET_MODE);
}

/**
 * A pipe disappears with the process that created it, so there is no stale file to reclaim, and
 * Windows has no file modes to set: a pipe's default ACL lets only its creator, SYSTEM and
 * administrators write to it (a client needs that to connect); the token is the second lock.
 */
async function listenOnPipe(server: Server, pipePath: string): Promise<void> {
  try {
    await listenOnce(server, pipePath);
  } catch (error) {
    throw isErrorCode(error, 'EADDRINUSE') ? socketInUse(pipePath) : listenFailed(pipePath, error);
  }
}

async function removeStaleSocket(socketPath: string): Promise<void> {
  const stats = await lstat(socketPath).catch((error: unknown) => {
    if (isErrorCode(error, 'ENOENT')) return undefined;
    throw listenFailed(socketPath, error);
  });
  if (!stats) return;
  if (!stats.isSocket()) {
    throw new CodedError('socket_path_occupied', `${socketPath} exists and is not a socket; move it away or choose another socket path`);
  }
  if (await isAnswering(socketPath)) throw socketInUse(socketPath);
  await unlink(socketPath).catch((error: unknown) => {
    if (!isErrorCode(error, 'ENOENT')) throw listenFailed(socketPath, error);
  });
}

/**
 * True unless connecting is refused: only a refused connection proves the file is stale. Any other
 * failure (a busy backlog, say) may be a live host, whose socket must never be removed.
 */
function isAnswering(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(socketPath);
    probe.once('connect', () => { probe.destroy(); resolve(true); });
    probe.once('error', (error) => {
      probe.destroy();
      resolve(!isErrorCode(error, 'ECONNREFUSED') && !isErrorCode(error, 'ENOENT'));
    });
  });
}

function socketInUse(socketPath: string): CodedError {
  return new CodedError(
    'socket_in_use',
    `another OpenSymphony host is already running on ${socketPath}; attach to it or stop it before starting a new one`,
  );
}

function listenOnce(server: Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => { server.off('listening', onListening); reject(error); };
    const onListening = (): void => { server.off('error', onError); resolve(); };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(socketPath);
  });
}

function listenFailed(socketPath: string, error: unknown): CodedError {
  if (error instanceof CodedError) return error;
  return new CodedError('gateway_listen_failed', `the gateway could not listen on ${socketPath}: ${errorMessage(error)}; check the directory exists and is writable, and that the path is short enough for a socket`, { cause: error });
}

function isErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
