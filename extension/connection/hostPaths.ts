import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HostPaths {
  workflowPath: string;
  dataDir: string;
  socketPath: string;
  tokenFile: string;
}

/** Unix socket paths are limited to ~104–108 bytes; longer storage paths fall back to a private temp dir. */
const MAX_SOCKET_PATH = 100;

/**
 * Where the host for one workspace folder keeps its journal, token and socket. The token always
 * sits beside the socket: two windows on one folder (a reload whose old extension host lingers)
 * meet at the same socket, and must then present the same token to attach instead of failing.
 */
export function hostPathsFor(folderPath: string, storageDir: string): HostPaths {
  const key = createHash('sha256').update(folderPath).digest('hex').slice(0, 16);
  const dataDir = join(storageDir, 'hosts', key);
  const workflowPath = join(folderPath, 'WORKFLOW.md');
  const socketPath = join(dataDir, 'gateway.sock');
  if (process.platform === 'win32') return { workflowPath, dataDir, socketPath: `\\\\.\\pipe\\opensymphony-${key}`, tokenFile: join(dataDir, 'token') };
  if (socketPath.length <= MAX_SOCKET_PATH) return { workflowPath, dataDir, socketPath, tokenFile: join(dataDir, 'token') };
  const runtimeDir = join(tmpdir(), `opensymphony-${process.getuid?.() ?? 'user'}`);
  return { workflowPath, dataDir, socketPath: join(runtimeDir, `${key}.sock`), tokenFile: join(runtimeDir, `${key}.token`) };
}
