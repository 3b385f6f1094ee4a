// The user's path through the real workbench, step by step with a screenshot each: open the
// sample repository, see the task graph, start DEMO-1 from its context menu, watch the agent in
// its terminal, approve its command from the notification, and see the run complete — checked in
// the UI, in the host's own snapshot (through its gateway) and on disk.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { GatewayClient } from '../../host/client/gatewayClient.ts';
import type { DashboardSnapshot } from '../../host/protocol/index.ts';
import type { CheckList } from './checkList.ts';
import type { SampleWorkspace } from './sampleWorkspace.ts';
import { sampleIssues, sampleMilestone } from './sampleWorkspace.ts';
import type { FolderStatus } from './statusFile.ts';
import { waitForHostReady, waitForStatus } from './statusFile.ts';
import type { Timeline } from './timeline.ts';
import { waitUntil } from './timeline.ts';
import type { Workbench } from './workbench.ts';
import { greetingFileText, greetingFinalText } from './mockAgent.ts';

export interface UiScenarioContext {
  workbench: Workbench;
  workbenchUrl: string;
  sample: SampleWorkspace;
  statusFile: string;
  timeline: Timeline;
  checks: CheckList;
}

const ISSUE = sampleIssues[0]!;
const ROW_LABEL = `${ISSUE.identifier}: ${ISSUE.title}`;
const RUN_TIMEOUT_MS = 90_000;

export async function runUiScenario(context: UiScenarioContext): Promise<void> {
  const host = await openWorkbench(context);
  await showTaskGraph(context);
  const startedAt = await startRunFromContextMenu(context);
  await approveFromNotification(context);
  await waitForRunCompleted(context, startedAt);
  await verifyHostSnapshot(context, host);
  verifyWorkspaceFile(context);
  await checkDashboard(context);
}

/** The dashboard webview (preact, strict CSP) renders the finished run from the extension's state. */
async function checkDashboard({ workbench, checks }: UiScenarioContext): Promise<void> {
  await workbench.runCommand('OpenSymphony: Open Dashboard');
  const frame = workbench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const row = frame.locator(`tr[data-run="${ISSUE.identifier}"]`);
  await row.waitFor({ timeout: 20_000 });
  const text = (await row.innerText()).replace(/\s+/g, ' ');
  checks.check('dashboard webview lists the DEMO-1 run as completed', text.includes('completed'), text);
  // The host's snapshot and the dashboard's own event feed arrive after the extension's state.
  const healthy = (name: string) => frame.locator(`[data-health="${name}"][data-level="ok"]`);
  const fed = await Promise.all([
    healthy('harness').waitFor({ timeout: 20_000 }),
    healthy('tracker').waitFor({ timeout: 20_000 }),
    frame.locator('ul.recent li').first().waitFor({ timeout: 20_000 }),
  ]).then(() => true, () => false);
  const cards = (await frame.locator('.health').innerText()).replace(/\s+/g, ' ');
  checks.check('dashboard webview shows the host snapshot (harness and tracker health) and recent events', fed, cards);
  // A summary too long for its row ends in an ellipsis inside its own box; a run link stays inside its row.
  const overflowing = await frame.locator('ul.recent li').evaluateAll((rows) => rows
    .map((row) => ({ row: row.getBoundingClientRect(), summary: row.querySelector('.summary')?.getBoundingClientRect(), text: row.textContent ?? '' }))
    .filter(({ row, summary }) => !summary || summary.width <= 0 || summary.right > row.right + 1)
    .map(({ text }) => text));
  checks.check('dashboard recent events show every summary, links included, within their rows', overflowing.length === 0, overflowing);
  await workbench.shot('dashboard');
}

async function openWorkbench({ workbench, workbenchUrl, sample, statusFile, timeline, checks }: UiScenarioContext): Promise<FolderStatus> {
  const since = Date.now();
  await workbench.open(workbenchUrl);
  timeline.mark('workbenchVisible', since);
  await waitForStatus(statusFile, 'extension activated', (status) => status.activated === true, 60_000);
  timeline.mark('extensionActivated', since);
  const host = await waitForHostReady(statusFile, sample.dir, 60_000);
  timeline.mark('hostReady', since);
  checks.check('extension activated and the host for the sample folder is ready', host.hostState === 'ready', { folder: host.folder, startToReadyMs: host.startToReadyMs });
  const statusItem = workbench.statusBarItem('OpenSymphony');
  await statusItem.waitFor({ timeout: 20_000 });
  const statusText = (await statusItem.innerText()).trim();
  checks.check('status bar item text starts with "OpenSymphony"', statusText.startsWith('OpenSymphony'), statusText);
  await workbench.shot('workbench');
  return host;
}

/** The task graph's levels: the sample folder's project, its milestone, issues and sub-issues, all expanded. */
async function showTaskGraph({ workbench, sample, checks }: UiScenarioContext): Promise<void> {
  const view = await workbench.openViewContainer('opensymphony', 'OpenSymphony');
  await workbench.widenSideBar(480);
  const demo1 = workbench.treeRow(view, ROW_LABEL);
  await demo1.waitFor({ timeout: 30_000 });
  const demo1Text = await workbench.rowText(demo1);
  checks.check('DEMO-1 row shows the tracker state before any run', demo1Text.description === ISSUE.state, demo1Text);
  const project = await workbench.rowText(workbench.treeRow(view, new RegExp(`^${escapeRegExp(basename(sample.dir))}$`)));
  checks.check('the project (named after the sample folder) is the top level, expanded, counting its issues',
    project.level === 1 && project.expanded === true && project.description.startsWith(`${sampleIssues.length} issues`), project);
  checks.check(`${ISSUE.identifier} (no milestone) sits directly under the project`, demo1Text.level === project.level + 1, { project, demo1: demo1Text });
  const milestone = await workbench.rowText(workbench.treeRow(view, sampleMilestone));
  checks.check(`milestone "${sampleMilestone}" sits under the project, expanded`, milestone.level === project.level + 1 && milestone.expanded === true, milestone);
  const parent = sampleIssues.find((issue) => sampleIssues.some((child) => child.parent === issue.identifier))!;
  const parentRow = workbench.treeRow(view, `${parent.identifier}: ${parent.title}`);
  const parentText = await workbench.rowText(parentRow);
  checks.check(`${parent.identifier} sits under its milestone`, parentText.level === milestone.level + 1, { milestone, parent: parentText });
  if (parentText.expanded === false) await parentRow.click();
  await workbench.parkPointer();
  for (const child of sampleIssues.filter((issue) => issue.parent === parent.identifier)) {
    const childRow = workbench.treeRow(view, `${child.identifier}: ${child.title}`);
    await childRow.waitFor({ timeout: 10_000 });
    const childText = await workbench.rowText(childRow);
    checks.check(`${child.identifier} is nested under ${parent.identifier}`, childText.level === parentText.level + 1, { parent: parentText, child: childText });
    if (child.blocked_by?.length) {
      const expected = `blocked by ${child.blocked_by.join(', ')}`;
      checks.check(`${child.identifier} shows "${expected}"`, childText.description === expected, childText);
    }
  }
  await workbench.shot('task-graph');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function startRunFromContextMenu({ workbench, timeline, checks }: UiScenarioContext): Promise<number> {
  const view = workbench.viewContainer('opensymphony');
  const entry = await workbench.openContextMenu(workbench.treeRow(view, ROW_LABEL), 'Start Run');
  await workbench.shot('context-menu');
  const startedAt = Date.now();
  await workbench.pickMenuEntry(entry);
  await workbench.parkPointer();
  const terminalName = `OpenSymphony: ${ISSUE.identifier}`;
  const names = await waitUntil('the run terminal', async () => {
    const current = await workbench.terminalNames();
    return current.some((name) => name.includes(terminalName)) ? current : undefined;
  }, 20_000);
  timeline.mark('runTerminalOpen', startedAt);
  checks.check(`terminal "${terminalName}" opened`, true, names);
  return startedAt;
}

async function approveFromNotification({ workbench, timeline, checks }: UiScenarioContext): Promise<void> {
  const since = Date.now();
  const toast = await workbench.waitToast([ISSUE.identifier, 'greeting.txt'], 60_000);
  timeline.mark('approvalShown', since);
  const toastText = (await toast.innerText()).replace(/\s+/g, ' ');
  checks.check('approval notification names the issue and the command', toastText.includes(ISSUE.identifier) && toastText.includes(`hello from ${ISSUE.identifier}`), toastText);
  // Codex reports every command inside `/bin/bash -lc '…'`: the notification shows the command itself.
  checks.check('approval notification shows the command without the agent\'s shell wrapper', toastText.includes(`wants to run: echo "hello from ${ISSUE.identifier}"`) && !toastText.includes('bash -lc'), toastText);
  const terminal = await workbench.waitTerminalText(`hello from ${ISSUE.identifier}`, 20_000);
  checks.check('run terminal shows the agent\'s command', terminal.includes('greeting.txt'), terminal.split('\n').slice(-12));
  // The tree redraws changed rows on its own beat: wait for it (bounded) rather than read it once.
  let row = await workbench.rowText(workbench.treeRow(workbench.viewContainer('opensymphony'), ROW_LABEL));
  row = await waitUntil('DEMO-1 live in the tree', async () => {
    row = await workbench.rowText(workbench.treeRow(workbench.viewContainer('opensymphony'), ROW_LABEL));
    return /^(needs approval|running)/.test(row.description) ? row : undefined;
  }, 10_000).catch(() => row);
  checks.check('tree shows the live run state of DEMO-1', /^(needs approval|running)/.test(row.description), row);
  const pendingRow = workbench.viewContainer('opensymphony').locator('.monaco-list-row', { hasText: 'awaiting your decision' }).first();
  await pendingRow.waitFor({ timeout: 10_000 });
  const pendingText = (await pendingRow.innerText()).replace(/\s+/g, ' ');
  checks.check('Approvals view lists the pending request, by its command', pendingText.includes(`${ISSUE.identifier}: echo "hello from`) && pendingText.includes('greeting.txt'), pendingText);
  await workbench.waitSettled(toast);
  await workbench.shot('approval-notification');
  await workbench.clickToastButton(toast, 'Approve');
}

async function waitForRunCompleted({ workbench, timeline, checks }: UiScenarioContext, startedAt: number): Promise<void> {
  const view = workbench.viewContainer('opensymphony');
  const row = workbench.treeRow(view, ROW_LABEL);
  const final = await waitUntil('DEMO-1 completed in the tree', async () => {
    const text = await workbench.rowText(row);
    if (text.description.startsWith('failed')) throw new Error(`the run failed: ${text.description}`);
    return text.description === 'completed' ? text : undefined;
  }, RUN_TIMEOUT_MS, () => 'tree row never showed "completed"');
  timeline.mark('runCompleted', startedAt);
  checks.check('tree shows DEMO-1 completed', final.description === 'completed', final);
  const terminal = await workbench.waitTerminalText(greetingFinalText(ISSUE.identifier), 20_000);
  checks.check('run terminal shows the agent\'s final message', terminal.includes(greetingFinalText(ISSUE.identifier)), terminal.split('\n').slice(-12));
  await workbench.shot('run-completed');
}

async function verifyHostSnapshot({ checks }: UiScenarioContext, host: FolderStatus): Promise<void> {
  const client = new GatewayClient({ socketPath: host.socketPath, token: readFileSync(host.tokenFile, 'utf8').trim() });
  try {
    const snapshot: DashboardSnapshot = await client.snapshot();
    const runs = snapshot.runs.filter((run) => run.issue_identifier === ISSUE.identifier);
    checks.check('host snapshot: exactly one DEMO-1 run, completed', runs.length === 1 && runs[0]?.state === 'completed', runs.map((run) => ({ state: run.state, error: run.error, turns: run.turn_count })));
    const approvals = snapshot.approvals.filter((approval) => approval.issue_identifier === ISSUE.identifier);
    checks.check('host snapshot: the DEMO-1 approval is approved', approvals.length >= 1 && approvals.every((approval) => approval.state === 'approved'), approvals.map((approval) => ({ state: approval.state, command: approval.command })));
    const others = snapshot.runs.filter((run) => run.issue_identifier !== ISSUE.identifier);
    checks.check('host snapshot: no other issue was dispatched', others.length === 0, others.map((run) => run.issue_identifier));
  } finally {
    client.dispose();
  }
}

function verifyWorkspaceFile({ sample, checks }: UiScenarioContext): void {
  const file = `${sample.issueWorkspace(ISSUE.identifier)}/greeting.txt`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : null;
  checks.check('greeting.txt written in the issue workspace by the approved command', text === greetingFileText(ISSUE.identifier), { file, text });
}
