// The run detail panel in the real workbench, after the UI scenario: start DEMO-3 from its context
// menu, open its run details from the tree while the agent waits for approval, approve in the
// panel (not the notification), watch the live events arrive, open the changed file in VS Code's
// diff editor, reload the window and see the panel come back by itself.
import { readFileSync } from 'node:fs';
import type { Frame } from 'playwright-core';
import { GatewayClient } from '../../host/client/gatewayClient.ts';
import type { CheckList } from './checkList.ts';
import { patchedFilePath, PATCHING_ISSUE } from './mockAgent.ts';
import { sampleIssues } from './sampleWorkspace.ts';
import type { SampleWorkspace } from './sampleWorkspace.ts';
import { runPanelFrame } from './flowSteps.ts';
import { waitForHostReady } from './statusFile.ts';
import type { Timeline } from './timeline.ts';
import { waitUntil } from './timeline.ts';
import type { Workbench } from './workbench.ts';

export interface RunPanelScenarioContext {
  workbench: Workbench;
  sample: SampleWorkspace;
  statusFile: string;
  timeline: Timeline;
  checks: CheckList;
}

const ISSUE = sampleIssues.find((issue) => issue.identifier === PATCHING_ISSUE)!;
const ROW_LABEL = `${ISSUE.identifier}: ${ISSUE.title}`;

/** The webview frame (two iframes deep) whose document has `selector`. */
const text = async (frame: Frame, selector: string) => ((await frame.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim());
const maxSeq = (frame: Frame) => frame.locator('.vrow [data-seq]').evaluateAll((rows) => Math.max(0, ...rows.map((row) => Number(row.getAttribute('data-seq')))));

export async function runPanelScenario(context: RunPanelScenarioContext): Promise<void> {
  await startSecondRun(context);
  const frame = await openRunDetailsFromNotification(context);
  await approveInPanel(context, frame);
  await openDiffFromPanel(context, frame);
  await reloadAndSeeRestored(context);
}

async function startSecondRun({ workbench, timeline }: RunPanelScenarioContext): Promise<void> {
  const since = Date.now();
  const view = workbench.viewContainer('opensymphony');
  const entry = await workbench.openContextMenu(workbench.treeRow(view, ROW_LABEL), 'Start Run');
  await workbench.pickMenuEntry(entry);
  await workbench.parkPointer();
  await waitUntil(`${ISSUE.identifier} waiting for approval in the tree`, async () => {
    const row = await workbench.rowText(workbench.treeRow(view, ROW_LABEL));
    if (row.description.startsWith('failed')) throw new Error(`the run failed: ${row.description}`);
    return /needs approval/.test(row.description) ? row : undefined;
  }, 90_000);
  timeline.mark('secondRunAwaitsApproval', since);
}

/**
 * The approval notification's Details opens the run panel scrolled to the request, highlighted;
 * the tree's Open Run Details then reveals the same panel.
 */
async function openRunDetailsFromNotification({ workbench, checks, timeline }: RunPanelScenarioContext): Promise<Frame> {
  const since = Date.now();
  const toast = await workbench.waitToast([ISSUE.identifier], 30_000);
  await workbench.waitSettled(toast);
  await workbench.clickToastButton(toast, 'Details');
  const frame = await runPanelFrame(workbench, ISSUE.identifier, 30_000);
  const focused = frame.locator('li[data-state="pending"].focused');
  await focused.waitFor({ timeout: 20_000 });
  const inView = await focused.evaluate((row) => {
    const box = row.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  });
  checks.check('Details on the approval notification opens the run panel at the request, highlighted and in view', inView, { inView });
  await workbench.shot('run-detail-from-details');
  const view = workbench.viewContainer('opensymphony');
  const entry = await workbench.openContextMenu(workbench.treeRow(view, ROW_LABEL), 'Open Run Details');
  await workbench.pickMenuEntry(entry);
  await workbench.parkPointer();
  const panels = await workbench.page.locator('.tabs-container .tab', { hasText: ISSUE.identifier }).count();
  checks.check('Open Run Details in the tree reveals the same panel (no second tab)', panels === 1, { panels });
  await frame.locator('li[data-state="pending"]').waitFor({ timeout: 20_000 });
  await frame.locator('.vrow [data-type="approval.requested"]').first().waitFor({ timeout: 20_000 });
  timeline.mark('runDetailOpen', since);
  const summary = await text(frame, 'header.summary');
  checks.check('run detail panel opened from the tree shows DEMO-3, its state and turn', summary.includes(ISSUE.identifier) && /running/.test(summary) && /Turn \d+\/\d+/.test(summary), summary);
  const pending = await text(frame, 'li[data-state="pending"]');
  checks.check('run detail panel lists the pending approval with its file', pending.includes(patchedFilePath), pending);
  const clipped = await frame.locator('li[data-state="pending"] button').evaluateAll((buttons) => buttons
    .map((button) => ({ name: button.textContent, box: button.getBoundingClientRect() }))
    .filter(({ box }) => box.width === 0 || box.left < 0 || box.right > document.documentElement.clientWidth)
    .map(({ name, box }) => `${name}: ${Math.round(box.left)}–${Math.round(box.right)} of ${document.documentElement.clientWidth}`));
  checks.check('the pending approval\'s buttons are all on screen in the panel\'s side column', clipped.length === 0, clipped);
  const timelineRows = await frame.locator('.vrow').count();
  checks.check('the event timeline renders rows (virtualised: only the visible ones)', timelineRows > 0 && timelineRows < 200, { rows: timelineRows });
  const codicons = await frame.evaluate(async () => {
    await document.fonts.ready;
    const icon = document.querySelector('.action-bar .codicon');
    return { family: icon ? getComputedStyle(icon).fontFamily : null, loaded: document.fonts.check('16px codicon') };
  });
  checks.check('the action bar draws codicons from the extension (CSP allows only its own font)', codicons.family?.includes('codicon') === true && codicons.loaded, codicons);
  await workbench.shot('run-detail-pending');
  return frame;
}

async function approveInPanel({ workbench, sample, statusFile, checks, timeline }: RunPanelScenarioContext, frame: Frame): Promise<void> {
  const since = Date.now();
  const before = await maxSeq(frame);
  await frame.locator('li[data-state="pending"] button[data-decision="approve"]').click();
  await frame.locator('[data-outcome="accepted"]').waitFor({ timeout: 20_000 });
  checks.check('approving in the panel shows the receipt: accepted', true, await text(frame, '.outcomes'));
  await frame.locator('.vrow [data-type="run.completed"]').waitFor({ timeout: 90_000 });
  timeline.mark('runCompletedInPanel', since);
  const after = await maxSeq(frame);
  const state = await text(frame, '[data-field="state"]');
  checks.check('live events arrived in the timeline after the approval, up to run.completed', after > before && state === 'completed', { before, after, state });
  await workbench.shot('run-detail-live');
  const host = await waitForHostReady(statusFile, sample.dir, 10_000);
  const client = new GatewayClient({ socketPath: host.socketPath, token: readFileSync(host.tokenFile, 'utf8').trim() });
  try {
    const snapshot = await client.snapshot();
    const approvals = snapshot.approvals.filter((approval) => approval.issue_identifier === ISSUE.identifier);
    checks.check('host snapshot: the DEMO-3 file change was approved (from the panel)', approvals.length === 1 && approvals[0]?.state === 'approved' && approvals[0]?.kind === 'file_change', approvals.map((approval) => ({ state: approval.state, kind: approval.kind, files: approval.files })));
  } finally {
    client.dispose();
  }
}

async function openDiffFromPanel({ workbench, checks }: RunPanelScenarioContext, frame: Frame): Promise<void> {
  const file = frame.locator(`button[data-file="${patchedFilePath}"]`);
  await file.waitFor({ timeout: 30_000 });
  const status = await text(frame, `.files li:has(button[data-file="${patchedFilePath}"]) .file-status`);
  await file.click();
  const diffEditor = workbench.page.locator('.monaco-diff-editor').first();
  await diffEditor.waitFor({ timeout: 20_000 });
  const tab = workbench.page.locator('.tabs-container .tab.active').first();
  // Monaco renders spaces as no-break spaces.
  const shown = () => diffEditor.innerText().then((value) => value.replace(/\u00a0/g, ' '));
  await waitUntil('the diff editor to show the new file', async () => ((await shown()).includes(`Drafted by the agent for ${ISSUE.identifier}`) ? true : undefined), 20_000, () => 'the diff editor never showed the file\'s text');
  const tabTitle = (await tab.innerText()).trim();
  checks.check(`${patchedFilePath} opens in VS Code's diff editor against its base`, status === 'added' && tabTitle.includes(patchedFilePath), { status, tabTitle });
  await workbench.shot('run-diff');
  // The diff's base lives in the extension's memory; closing it keeps the reload below about the run panel.
  const activeTab = workbench.page.locator('.tabs-container .tab.active');
  await activeTab.hover();
  await activeTab.locator('.tab-actions .action-label').first().click();
  await diffEditor.waitFor({ state: 'hidden', timeout: 10_000 });
}

async function reloadAndSeeRestored({ workbench, sample, statusFile, checks, timeline }: RunPanelScenarioContext): Promise<void> {
  const since = Date.now();
  const reloadedAt = new Date().toISOString();
  // A focused webview keeps F1 to itself: give the workbench the focus (the run panel's tab) first.
  await workbench.page.locator('.tabs-container .tab.active').click();
  await workbench.runCommand('Developer: Reload Window');
  await workbench.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
  await waitForHostReady(statusFile, sample.dir, 60_000);
  const frame = await runPanelFrame(workbench, ISSUE.identifier, 60_000);
  await frame.locator('.stale-banner').waitFor({ state: 'detached', timeout: 30_000 });
  await frame.locator('.vrow [data-type="run.completed"]').waitFor({ timeout: 30_000 });
  timeline.mark('runPanelRestored', since);
  const tab = (await workbench.page.locator('.tabs-container .tab.active').first().innerText()).trim();
  const state = await text(frame, '[data-field="state"]');
  checks.check('after Reload Window the run panel is restored by its serializer, live again', tab.includes(ISSUE.identifier) && state === 'completed', { tab, state, reloadedAt });
  // A finished run sends no more events, so the terminal tail the panel loads as it opens is all it will show.
  const terminal = await frame.locator('[data-field="terminal"], [aria-label="Logs and terminal"] details:last-child .problem').first().innerText({ timeout: 20_000 }).catch((error: Error) => error.message);
  checks.check('the restored panel shows the finished run\'s terminal output', terminal.includes('Created welcome.md'), terminal);
  await workbench.shot('run-detail-restored');
}
