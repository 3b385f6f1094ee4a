// The extension's test-only status file (OPENSYMPHONY_TEST_STATUS_FILE, replaced atomically):
// which hosts it started, their state, and where each one's gateway listens.
import { readFileSync } from 'node:fs';
import { waitUntil } from './timeline.ts';

export interface FolderStatus {
  folder: string;
  hostState: 'starting' | 'ready' | 'failed' | 'stopped';
  socketPath: string;
  tokenFile: string;
  error: string | null;
  startToReadyMs?: number | null;
}

export interface ExtensionStatus {
  activated?: boolean;
  /** When the extension last wrote the file (ISO); a reloaded window writes it afresh. */
  updated_at?: string;
  folders?: FolderStatus[];
}

export function readStatus(file: string): ExtensionStatus {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ExtensionStatus;
  } catch {
    return {};
  }
}

export function waitForStatus<T>(file: string, what: string, probe: (status: ExtensionStatus) => T | undefined | false, timeoutMs: number): Promise<T> {
  return waitUntil(what, () => probe(readStatus(file)), timeoutMs, () => JSON.stringify(readStatus(file)));
}

/** Waits until the host for `folder` is ready; fails at once when the extension reports it failed. */
export function waitForHostReady(file: string, folder: string, timeoutMs: number): Promise<FolderStatus> {
  return waitForStatus(file, `host ready for ${folder}`, (status) => {
    const entry = status.folders?.find((candidate) => candidate.folder === folder);
    if (entry?.hostState === 'failed') throw new Error(`the host for ${folder} failed: ${entry.error ?? 'no error given'}`);
    return entry?.hostState === 'ready' ? entry : undefined;
  }, timeoutMs);
}
