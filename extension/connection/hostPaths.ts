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

/** Where the host for one workspace folder keeps its journal, token and socket. */
export function hostPathsFor(folderPath: string, storageDir: string): HostPaths {
  const key = createHash('sha256').update(folderPath).digest('hex').slice(0, 16);
  const dataDir = join(storageDir, 'hosts', key);
  let socketPath = join(dataDir, 'gateway.sock');
  if (process.platform === 'win32') socketPath = `\\\\.\\pipe\\opensymphony-${key}`;
  else if (socketPath.length > MAX_SOCKET_PATH) socketPath = join(tmpdir(), `opensymphony-${process.getuid?.() ?? 'user'}`, `${key}.sock`);
  return { workflowPath: join(folderPath, 'WORKFLOW.md'), dataDir, socketPath, tokenFile: join(dataDir, 'token') };
}
