// The issue and approval commands inside a real extension host, against the sample workspace's
// real host and the real codex binary (scripted by test/e2e/mockAgent.ts: every run asks to run one
// command). The test drives the commands the way the menus do and watches the host through its own
// gateway client, never through the extension's view of it.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { GatewayClient } from '../../host/client/gatewayClient.ts';
import type { ActionReceipt, Approval, Run } from '../../host/protocol/index.ts';
import { EventTypes } from '../../host/protocol/index.ts';
import type { OpenSymphonyApi } from '../../extension/main.ts';

const TIMEOUT_MS = 120_000;
/** Codex's answer to `initialize` can take longer than the 5 s default on a loaded 2-core machine. */
const SLOW_MACHINE_READ_TIMEOUT = '  read_timeout_ms: 60000\n';
const ISSUE = 'DEMO-1';

async function api(): Promise<OpenSymphonyApi> {
  const extension = vscode.extensions.getExtension<OpenSymphonyApi>('opensymphony.opensymphony');
  assert.ok(extension);
  return extension.activate();
}

/** Polls `probe` until it yields a value, within the bound; the failure says what was awaited and what was seen. */
async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, detail: () => string | Promise<string> = () => ''): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${TIMEOUT_MS} ms waiting for ${what}; ${await detail()}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** A client of the folder's host of its own, from the extension's test status file. */
function hostClient(): GatewayClient {
  const status = JSON.parse(readFileSync(process.env.OPENSYMPHONY_TEST_STATUS_FILE ?? '', 'utf8')) as { folders: { socketPath: string | null; tokenFile: string | null }[] };
  const [folder] = status.folders;
  assert.ok(folder?.socketPath && folder.tokenFile, 'the status file names the local host\'s socket and token file');
  return new GatewayClient({ socketPath: folder.socketPath, token: readFileSync(folder.tokenFile, 'utf8').trim() });
}

describe('run controls, terminal input and approvals through the extension', function () {
  // Each step waits on the real agent; the bound of each wait is TIMEOUT_MS.
  this.timeout(TIMEOUT_MS + 10_000);
  let client: GatewayClient;
  let opensymphony: OpenSymphonyApi;

  let workflowText = '';
  const workflowPath = () => join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'WORKFLOW.md');
  const latestRun = async (): Promise<Run | undefined> => (await client.snapshot()).runs
    .filter((run) => run.issue_identifier === ISSUE).sort((a, b) => b.queued_at.localeCompare(a.queued_at))[0];
  const pendingApproval = async (runId: string): Promise<Approval | undefined> => (await client.snapshot()).approvals
    .find((approval) => approval.run_id === runId && approval.state === 'pending');
  const issueNode = () => until(`the ${ISSUE} row`, () => opensymphony.issueNode(ISSUE), () => JSON.stringify(opensymphony.connections()));
  const runCommand = async (command: string): Promise<ActionReceipt | undefined> => vscode.commands.executeCommand<ActionReceipt | undefined>(command, await issueNode());
  const snapshotText = async () => JSON.stringify((await client.snapshot()).runs.map((run) => [run.issue_identifier, run.id, run.state, run.stop_reason]));

  before(async () => {
    opensymphony = await api();
    await until('the local host', () => opensymphony.connections()[0]?.description === 'local host' && opensymphony.connections()[0]?.state === 'ready',
      () => JSON.stringify(opensymphony.connections()));
    client = hostClient();
    workflowText = readFileSync(workflowPath(), 'utf8');
    const before = (await client.snapshot()).workflow?.loaded_at;
    writeFileSync(workflowPath(), workflowText.replace(/^codex:\n/m, `codex:\n${SLOW_MACHINE_READ_TIMEOUT}`));
    await until('the host to reload WORKFLOW.md', async () => { const workflow = (await client.snapshot()).workflow; return workflow?.loaded_at !== before && !workflow?.error ? true : undefined; });
  });

  after(() => {
    if (workflowText) writeFileSync(workflowPath(), workflowText);
    client?.dispose();
  });

  it('starts a run from the issue, and a line typed into its terminal reaches the agent as a message', async () => {
    await runCommand('opensymphony.startRun');
    // The latest run each time: a run whose agent failed to start is retried as a new attempt.
    const run = await until('the agent\'s approval request', async () => { const latest = await latestRun(); return latest && (await pendingApproval(latest.id)) ? latest : undefined; }, snapshotText);
    const terminal = await until(`the ${ISSUE} terminal`, () => vscode.window.terminals.find((candidate) => candidate.name === `OpenSymphony: ${ISSUE}`),
      () => vscode.window.terminals.map((candidate) => candidate.name).join(', '));
    // A pseudoterminal gets sendText as typed input (handleInput): the same path as the keyboard.
    terminal.sendText('please also say thanks', true);
    const sent = await until('run.message_sent with the typed line', async () => (await client.runEvents(run.id, { types: [EventTypes.runMessageSent], limit: 50 })).events
      .find((event) => event.payload.message === 'please also say thanks'));
    assert.equal(sent.type, EventTypes.runMessageSent);
  });

  it('Approve Always from the Approvals view approves the request for the rest of the run', async () => {
    const run = await until(`a run of ${ISSUE}`, latestRun);
    const request = await until('the pending request', () => pendingApproval(run.id), snapshotText);
    const node = await until('the request in the Approvals view', () => opensymphony.approvalNode(request.id));
    await vscode.commands.executeCommand('opensymphony.approveAlways', node);
    const decided = await until('the decision on the host', async () => (await client.snapshot()).approvals.find((approval) => approval.id === request.id && approval.state !== 'pending'));
    assert.equal(decided.state, 'approved');
    assert.equal(decided.decision, 'approve_always');
    assert.equal(decided.scope, 'run');
    await until('the run to complete', async () => ((await latestRun())?.state === 'completed' ? true : undefined), snapshotText);
  });

  it('Retry starts a new run of the issue; Pause is refused by the Codex harness with its reason', async () => {
    const finished = await until(`a run of ${ISSUE}`, latestRun);
    const retried = await runCommand('opensymphony.retryRun');
    assert.equal(retried?.accepted, true, `retry accepted: ${JSON.stringify(retried)}`);
    const next = await until('the new run', async () => { const run = await latestRun(); return run && run.id !== finished.id ? run : undefined; }, snapshotText);
    const request = await until('the new run to ask for approval', () => pendingApproval(next.id), snapshotText);
    // The request comes after the run in the event stream: once the extension shows it, the row's run is the new one.
    await until('the extension to see the new run\'s request', () => opensymphony.approvalNode(request.id));
    const paused = await runCommand('opensymphony.pauseRun');
    assert.equal(paused?.accepted, false, `codex cannot pause: ${JSON.stringify(paused)}`);
    assert.match(paused?.reason ?? '', /cannot pause/);
  });

  it('Cancel stops the run and settles its pending request; Resume of a stopped run is refused', async () => {
    const run = await until(`a run of ${ISSUE}`, latestRun);
    const request = await until('the pending request', () => pendingApproval(run.id), snapshotText);
    const cancelled = await runCommand('opensymphony.cancelRun');
    assert.equal(cancelled?.accepted, true, `cancel accepted: ${JSON.stringify(cancelled)}`);
    const stopped = await until('the run to be cancelled', async () => { const latest = await latestRun(); return latest?.state === 'cancelled' ? latest : undefined; }, snapshotText);
    assert.equal(stopped.id, run.id);
    assert.equal(stopped.stop_reason, 'operator_cancel');
    await until('the request to be cancelled', async () => (await client.snapshot()).approvals.find((approval) => approval.id === request.id && approval.state === 'cancelled'));
    const resumed = await runCommand('opensymphony.resumeRun');
    assert.equal(resumed?.accepted, false, `resume refused: ${JSON.stringify(resumed)}`);
  });
});
