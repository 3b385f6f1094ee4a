import * as vscode from 'vscode';
import { join } from 'node:path';
import type { RunDiff } from '../../host/protocol/index.ts';
import type { OpenOutcome } from '../../host/protocol/runView.ts';
import { hasHunks, reverseApplyUnifiedDiff } from './unifiedDiff.ts';

/** The URI scheme of a changed file's base, served from memory by RunBaseContentProvider. */
export const RUN_BASE_SCHEME = 'opensymphony-base';
const KEPT_DOCUMENTS = 50;

/** Serves the base side of run diffs (and the new side when the workspace is not on this machine). */
export class RunBaseContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;

  put(uri: vscode.Uri, text: string): void {
    this.contents.delete(uri.toString());
    this.contents.set(uri.toString(), text);
    for (const key of [...this.contents.keys()].slice(0, Math.max(0, this.contents.size - KEPT_DOCUMENTS))) this.contents.delete(key);
    this.changeEmitter.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}

export interface RunDiffTarget {
  runId: string;
  issueIdentifier: string;
  /** The workspace folder on this machine, when it is (not for a remote gateway). */
  workspacePath: string | null;
}

async function readLocal(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * Opens VS Code's diff editor for one changed file: its base (rebuilt from the gateway's unified
 * diff and the file as it is now) against the workspace file. When the base cannot be rebuilt
 * (the file changed since, a truncated or binary diff), the recorded diff opens as a document.
 */
export async function openRunDiff(provider: RunBaseContentProvider, target: RunDiffTarget, diff: RunDiff): Promise<OpenOutcome> {
  const baseUri = vscode.Uri.from({ scheme: RUN_BASE_SCHEME, path: `/${target.runId}/base/${diff.path}` });
  const title = `${diff.path} (${target.issueIdentifier}: base ↔ workspace)`;
  const localUri = target.workspacePath ? vscode.Uri.file(join(target.workspacePath, diff.path)) : undefined;
  const current = diff.status === 'deleted' ? '' : localUri ? await readLocal(localUri) : undefined;
  if (current === undefined) return showRecordedDiff(diff, 'the workspace file is not on this machine');
  const base = baseText(diff, current);
  if (base === undefined) return showRecordedDiff(diff, 'the base could not be rebuilt from the diff');
  provider.put(baseUri, base);
  let right = localUri!;
  if (diff.status === 'deleted') {
    right = vscode.Uri.from({ scheme: RUN_BASE_SCHEME, path: `/${target.runId}/now/${diff.path}` });
    provider.put(right, '');
  }
  await vscode.commands.executeCommand('vscode.diff', baseUri, right, title, { preview: true });
  return { opened: true, message: null };
}

/**
 * The file's base: nothing for an added file; for a deleted one, the old text (a recorded delete
 * carries the file's content, a git diff its lines as removals); otherwise the current text with
 * the diff applied backwards.
 */
function baseText(diff: RunDiff, current: string): string | undefined {
  if (diff.status === 'added') return '';
  if (diff.truncated) return undefined;
  if (diff.status === 'deleted') return hasHunks(diff.diff) ? reverseApplyUnifiedDiff('', diff.diff) : diff.diff;
  return reverseApplyUnifiedDiff(current, diff.diff);
}

async function showRecordedDiff(diff: RunDiff, why: string): Promise<OpenOutcome> {
  if (!diff.diff) return { opened: false, message: `no text diff for ${diff.path} (binary or unchanged)` };
  const document = await vscode.workspace.openTextDocument({ content: diff.diff, language: 'diff' });
  await vscode.window.showTextDocument(document, { preview: true });
  return { opened: true, message: `showing the recorded diff: ${why}` };
}
