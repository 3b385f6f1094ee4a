import { renameSync, writeFileSync } from 'node:fs';
import type { FolderConnection } from './connection/folderConnection.ts';

/** How long activation took: `activate()` itself, and the first folder sync it deferred. */
export interface ActivationTimings {
  /** performance.now() around activate(), bundle loading excluded. */
  activateMs: number;
  /** The deferred first sync (trust check, WORKFLOW.md lookup, host start kicked off); null until it ran. */
  firstSyncMs: number | null;
}

let activation: ActivationTimings | null = null;

export function recordActivation(timings: ActivationTimings): void {
  activation = timings;
}

export function activationTimings(): ActivationTimings | null {
  return activation;
}

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
    activation,
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
