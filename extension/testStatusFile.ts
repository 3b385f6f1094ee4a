import { renameSync, writeFileSync } from 'node:fs';
import type { FolderConnection } from './connection/folderConnection.ts';

/**
 * When OPENSYMPHONY_TEST_STATUS_FILE is set (end-to-end tests only), mirrors where each folder's
 * host listens, so a test can observe the host through its own gateway instead of guessing.
 * Contains no token, only the token file's path.
 */
export function writeTestStatus(connections: readonly FolderConnection[]): void {
  const file = process.env.OPENSYMPHONY_TEST_STATUS_FILE;
  if (!file) return;
  const status = {
    activated: true,
    updated_at: new Date().toISOString(),
    folders: connections.map((connection) => ({
      folder: connection.folder.uri.fsPath,
      hostState: connection.supervisor.state,
      socketPath: connection.supervisor.paths?.socketPath ?? null,
      tokenFile: connection.supervisor.paths?.tokenFile ?? null,
      startToReadyMs: connection.supervisor.startToReadyMs,
      error: connection.supervisor.error,
    })),
  };
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, JSON.stringify(status, null, 2));
  renameSync(temporary, file);
}
