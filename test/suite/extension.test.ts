// Runs inside a real VS Code extension host (code-server's, or desktop VS Code's through
// @vscode/test-electron) with the sample workspace open; see test/suite/index.ts.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { OpenSymphonyApi } from '../../extension/main.ts';

const extensionId = 'opensymphony.opensymphony';
const expectedCommands = ['opensymphony.startRun', 'opensymphony.showLogs', 'opensymphony.restartHost'];
const HOST_READY_TIMEOUT_MS = 45_000;

/** What the extension wrote to its test status file, for failure messages. */
function statusFileText(): string {
  const file = process.env.OPENSYMPHONY_TEST_STATUS_FILE;
  if (!file) return '(OPENSYMPHONY_TEST_STATUS_FILE not set)';
  try { return readFileSync(file, 'utf8'); } catch (error) { return `(unreadable: ${(error as Error).message})`; }
}

async function pollUntil(what: string, probe: () => boolean, timeoutMs: number, detail: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${detail()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function pollValue<T>(what: string, probe: () => T | undefined): Promise<T> {
  let value: T | undefined;
  await pollUntil(what, () => (value = probe()) !== undefined, 10_000, statusFileText);
  return value as T;
}

function opensymphony(): vscode.Extension<OpenSymphonyApi> {
  const extension = vscode.extensions.getExtension<OpenSymphonyApi>(extensionId);
  assert.ok(extension, `extension ${extensionId} is installed (have: ${vscode.extensions.all.map((candidate) => candidate.id).filter((id) => !id.startsWith('vscode.')).join(', ')})`);
  return extension;
}

describe('OpenSymphony in a real VS Code extension host', () => {
  it('activates and returns its API', async () => {
    const extension = opensymphony();
    const api = await extension.activate();
    assert.equal(extension.isActive, true);
    assert.equal(typeof api.hostState, 'function');
    const timings = await pollValue('the deferred first folder sync', () => api.activation()?.firstSyncMs != null ? api.activation() : undefined);
    // A figure for the notes, not an assertion: timing depends on the machine (2 shared cores here).
    console.log(`activation: activate() ${timings?.activateMs.toFixed(1)} ms (performance.now() around it, bundle loading excluded); deferred first folder sync ${timings?.firstSyncMs?.toFixed(1)} ms`);
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of expectedCommands) assert.ok(commands.includes(command), `command ${command} is registered`);
  });

  it('contributes the Task Graph view', async () => {
    const views = opensymphony().packageJSON.contributes?.views?.opensymphony as { id: string }[] | undefined;
    assert.ok(views?.some((view) => view.id === 'opensymphony.taskGraph'), 'package.json contributes opensymphony.taskGraph to the opensymphony container');
    await vscode.commands.executeCommand('opensymphony.taskGraph.focus');
  });

  it('starts a host for the workspace folder, which becomes ready', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    const api = await opensymphony().activate();
    const state = () => api.hostState(folder.uri.fsPath);
    const started = Date.now();
    await pollUntil('host ready', () => state() === 'ready' || state() === 'failed', HOST_READY_TIMEOUT_MS, () => `state ${state()}; status file ${statusFileText()}`);
    assert.equal(state(), 'ready', `host state; status file ${statusFileText()}`);
    console.log(`host for ${folder.name} ready ${Date.now() - started} ms after the check began`);
  });

  it('shows an invalid WORKFLOW.md in the view with its line, keeps running, and clears it once fixed', async () => {
    const api = await opensymphony().activate();
    const workflow = join(workspaceFolder(), 'WORKFLOW.md');
    const good = readFileSync(workflow, 'utf8');
    try {
      writeFileSync(workflow, '---\nagent:\n  max_turns: zero\n---\nprompt\n');
      await pollUntil('workflow error in the view', () => /WORKFLOW\.md line 3: .*max_turns/.test(api.viewMessage() ?? ''), 20_000, () => `message ${api.viewMessage()}`);
      assert.match(api.viewMessage() ?? '', /last valid configuration/);
      assert.equal(api.hostState(workspaceFolder()), 'ready', 'the host keeps running');
    } finally {
      writeFileSync(workflow, good);
    }
    await pollUntil('the view message to clear', () => api.viewMessage() === undefined, 20_000, () => `message ${api.viewMessage()}`);
  });

  it('shows a bad tracker record in the view with the file, record and field', async () => {
    const api = await opensymphony().activate();
    const issues = join(workspaceFolder(), 'issues.yaml');
    const good = readFileSync(issues, 'utf8');
    try {
      writeFileSync(issues, 'issues:\n  - identifier: BAD-1\n    state: Todo\n');
      await pollUntil('tracker error in the view', () => /Tracker: .*issues\.yaml.*BAD-1.*title/s.test(api.viewMessage() ?? ''), 20_000, () => `message ${api.viewMessage()}`);
    } finally {
      writeFileSync(issues, good);
    }
    await pollUntil('the view message to clear', () => api.viewMessage() === undefined, 20_000, () => `message ${api.viewMessage()}`);
  });
});

function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

before(() => {
  console.log('extension host facts', JSON.stringify({ vscode: vscode.version, appName: vscode.env.appName, uiKind: vscode.UIKind[vscode.env.uiKind], node: process.version, platform: process.platform }));
});
