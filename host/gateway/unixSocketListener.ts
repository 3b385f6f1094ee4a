import { chmod, lstat, unlink } from 'node:fs/promises';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { CodedError, errorMessage } from '../base/errors.ts';

/** Only the user who runs the host may connect; the token is the second lock. */
const SOCKET_MODE = 0o600;

/**
 * Listens on a Unix domain socket. A leftover socket file from a crashed host is removed, but only
 * when nothing answers on it: a live server there means another host owns this workspace.
 */
export async function listenOnUnixSocket(server: Server, socketPath: string): Promise<void> {
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
