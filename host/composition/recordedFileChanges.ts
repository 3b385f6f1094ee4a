import { isAbsolute, normalize, relative, sep } from 'node:path';
import type { EventJournal } from '../journal/eventJournal.ts';
import type { FileChangeStatus } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';

/** One file as the harness's recorded changes describe it. */
export interface RecordedFileChange {
  path: string;
  status: FileChangeStatus;
  /** The diffs of each recorded change, oldest first. */
  diffs: string[];
  /** True when a journaled diff was cut (payload strings are capped). */
  truncated: boolean;
}

const PAGE = 1000;
/** How compactPayload marks a cut string. */
const TRUNCATION_MARK = /… \[truncated \d+ characters\]$/;

/**
 * The files a run changed according to its `agent.item` events: completed `fileChange` items with
 * `changes: [{ path, kind: { type: add | delete | update }, diff }]` (Codex's shape). Paths become
 * workspace-relative; changes outside the workspace are left out. A file added and later deleted
 * in the same run drops out; deleted then added again counts as modified.
 */
export function recordedFileChanges(journal: EventJournal, runId: string, workspacePath: string | null): RecordedFileChange[] {
  const files = new Map<string, RecordedFileChange>();
  for (let cursor = 0; ;) {
    const page = journal.readByEntity('run', runId, cursor, PAGE, 'forward', [EventTypes.agentItem]);
    for (const event of page) for (const change of fileChangesOf(event.payload.item)) apply(files, change, workspacePath);
    if (page.length < PAGE) break;
    cursor = page.at(-1)!.seq;
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

interface Change { path: string; kind: string; diff: string }

function fileChangesOf(item: unknown): Change[] {
  if (!isRecord(item) || item.type !== 'fileChange' || !Array.isArray(item.changes)) return [];
  if (typeof item.status === 'string' && item.status !== 'completed') return [];
  return item.changes.flatMap((change): Change[] => {
    if (!isRecord(change) || typeof change.path !== 'string') return [];
    const kind = isRecord(change.kind) ? change.kind.type : change.kind;
    return [{ path: change.path, kind: typeof kind === 'string' ? kind : 'update', diff: typeof change.diff === 'string' ? change.diff : '' }];
  });
}

function apply(files: Map<string, RecordedFileChange>, change: Change, workspacePath: string | null): void {
  const path = workspaceRelative(change.path, workspacePath);
  if (path === null) return;
  const before = files.get(path);
  const status = nextStatus(before?.status, change.kind);
  if (status === null) {
    files.delete(path);
    return;
  }
  files.set(path, {
    path, status,
    diffs: [...before?.diffs ?? [], ...(change.diff ? [change.diff] : [])],
    truncated: (before?.truncated ?? false) || TRUNCATION_MARK.test(change.diff),
  });
}

function nextStatus(before: FileChangeStatus | undefined, kind: string): FileChangeStatus | null {
  if (kind === 'add') return before === 'deleted' ? 'modified' : 'added';
  if (kind === 'delete') return before === 'added' ? null : 'deleted';
  return before === 'added' ? 'added' : 'modified';
}

function workspaceRelative(path: string, workspacePath: string | null): string | null {
  let inside = normalize(path);
  if (isAbsolute(path)) {
    if (workspacePath === null) return null;
    inside = relative(workspacePath, path);
  }
  if (inside === '' || inside === '.' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
  return inside.split(sep).join('/');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
