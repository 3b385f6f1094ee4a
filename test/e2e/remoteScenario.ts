// The remote profile: a second host started as a hosted gateway (`serve --listen` with a token
// file) gets runs of its own through its API; the window attaches to it with "Connect to Remote
// Gateway…" (URL and token typed into its input boxes) and the tree shows exactly the runs that
// host's snapshot lists; "Use Local Host" brings the local host's runs back.
import { join } from 'node:path';
import type { DashboardSnapshot } from '../../host/protocol/index.ts';
import { CONTROLLED_ISSUE, RELOAD_ISSUE } from './agentFlowIssues.ts';
import type { FlowContext } from './flowSteps.ts';
import { localSnapshot, pickFromRowMenu, runPanelFrame, waitForRow } from './flowSteps.ts';
import { PATCHING_ISSUE } from './mockAgent.ts';
import { startRemoteHost } from './remoteHost.ts';
import type { RemoteHost } from './remoteHost.ts';
import { createSampleWorkspace, sampleIssues } from './sampleWorkspace.ts';
import { waitUntil } from './timeline.ts';

/** Standalone issues (no parent, no sub-issues, no blockers): their rows are always visible and carry no hierarchy overlay. */
const TOP_LEVEL = sampleIssues
  .filter((issue) => !issue.parent && !issue.blocked_by?.length && !sampleIssues.some((child) => child.parent === issue.identifier))
  .map((issue) => issue.identifier);
/** The remote host runs these (their agent answers at once), so its tree differs from the local one. */
const REMOTE_RUNS = [CONTROLLED_ISSUE, RELOAD_ISSUE];

export async function runRemoteScenario(context: FlowContext): Promise<void> {
  const dir = join(context.runDir, 'remote');
  const sample = createSampleWorkspace({ dir: join(dir, 'sample'), codexCommand: context.agent.codex.command, codexReadTimeoutMs: 30_000 });
  const remote = await startRemoteHost({ workflowPath: sample.workflowPath, dir, logFile: join(context.artifacts, 'remote-host.log') });
  try {
    const snapshot = await seedRemoteRuns(remote);
    await attachAsRemote(context, remote, snapshot);
    await backToLocal(context);
  } finally {
    await remote.stop();
  }
}

/** Starts the quiet issues on the remote host through its API and waits for both to complete. */
async function seedRemoteRuns(remote: RemoteHost): Promise<DashboardSnapshot> {
  for (const identifier of REMOTE_RUNS) {
    const receipt = await remote.client.dispatch({ issue_id: identifier });
    if (!receipt.accepted) throw new Error(`the remote host refused to start ${identifier}: ${receipt.reason}`);
  }
  return waitUntil('the remote host\'s runs to complete', async () => {
    const snapshot = await remote.client.snapshot();
    const done = REMOTE_RUNS.every((identifier) => snapshot.runs.some((run) => run.issue_identifier === identifier && run.state === 'completed'));
    return done ? snapshot : undefined;
  }, 90_000);
}

/** What the tree row of `identifier` should say for a snapshot: its latest run's end state, else the tracker state. */
function expectedDescription(snapshot: DashboardSnapshot, identifier: string): string {
  const runs = snapshot.runs.filter((run) => run.issue_identifier === identifier);
  const latest = runs.sort((a, b) => (a.started_at ?? '').localeCompare(b.started_at ?? '')).at(-1);
  if (latest) return latest.state;
  return snapshot.issues.find((issue) => issue.identifier === identifier)?.state ?? '?';
}

/** A row says the state itself, or the state and why ("failed: …", "cancelled: …"). */
function shows(description: string, expected: string): boolean {
  return description === expected || description.startsWith(`${expected}: `);
}

async function treeMatches(context: FlowContext, snapshot: DashboardSnapshot, what: string): Promise<Record<string, { shown: string; expected: string }>> {
  const rows: Record<string, { shown: string; expected: string }> = {};
  for (const identifier of TOP_LEVEL) {
    const expected = expectedDescription(snapshot, identifier);
    const row = await waitForRow(context.workbench, identifier, `${expected} (${what})`, (description) => shows(description, expected), 30_000);
    rows[identifier] = { shown: row.description, expected };
  }
  return rows;
}

async function attachAsRemote(context: FlowContext, remote: RemoteHost, snapshot: DashboardSnapshot): Promise<void> {
  const { workbench, timeline, checks } = context;
  const since = Date.now();
  // A run terminal open across the switch and back (checked in backToLocal).
  await pickFromRowMenu(workbench, 'DEMO-1', 'Open Terminal');
  await workbench.waitTerminalText('OpenSymphony · DEMO-1', 20_000);
  await workbench.startCommand('OpenSymphony: Connect to Remote Gateway');
  await workbench.answerInputBox('Connect to a remote OpenSymphony gateway', remote.url);
  await workbench.answerInputBox('Gateway token', remote.token);
  const authority = new URL(remote.url).host;
  const status = await waitUntil('the status bar to name the remote host', async () => {
    const text = (await workbench.statusBarItem('OpenSymphony').innerText()).trim();
    return text.includes(`remote ${authority}`) && /running/.test(text) ? text : undefined;
  }, 30_000);
  const rows = await treeMatches(context, snapshot, 'remote');
  timeline.mark('flowRemoteAttach', since);
  checks.check('remote: the status bar says the window is attached to the remote host', status.includes(`remote ${authority}`), status);
  checks.check('remote: the tree shows the remote host\'s runs, as its snapshot lists them', Object.values(rows).every((row) => shows(row.shown, row.expected)), rows);
  await workbench.parkPointer();
  await workbench.shot('remote-attached');
}

async function backToLocal(context: FlowContext): Promise<void> {
  const { workbench, timeline, checks } = context;
  const since = Date.now();
  await workbench.runCommand('OpenSymphony: Use Local Host');
  const status = await waitUntil('the status bar to leave the remote host', async () => {
    const text = (await workbench.statusBarItem('OpenSymphony').innerText()).trim();
    return text.includes('remote') || !/running/.test(text) ? undefined : text;
  }, 30_000);
  const rows = await treeMatches(context, await localSnapshot(context), 'local');
  timeline.mark('flowRemoteBackToLocal', since);
  checks.check('remote: back on the local host, the tree shows the local runs again', Object.values(rows).every((row) => shows(row.shown, row.expected)) && !status.includes('remote'), { status, rows });
  // The run panel opened before the switch (runPanelScenario's) follows the folder's new local connection.
  const panel = await runPanelFrame(workbench, PATCHING_ISSUE, 10_000);
  const banner = panel.locator('.stale-banner');
  const live = await banner.waitFor({ state: 'detached', timeout: 30_000 }).then(() => true, () => false);
  checks.check('remote: back on the local host, the open run panel is live again (no "not connected" banner)', live, live ? 'live' : await banner.innerText().catch((error: Error) => error.message));
  // So is the run terminal opened before the switch (attachAsRemote): a line typed into DEMO-1's
  // reaches the host, which answers for the finished run (before, it kept the stopped connection).
  await pickFromRowMenu(workbench, 'DEMO-1', 'Open Terminal');
  await workbench.page.keyboard.type('still there?');
  await workbench.page.keyboard.press('Enter');
  const answer = await workbench.waitTerminalText('not sent: ', 20_000).then((text) => text.split('\n').filter((line) => line.includes('not sent') || line.includes('sent to the agent')).at(-1) ?? text, (error: Error) => error.message);
  checks.check('remote: back on the local host, a run terminal opened before the switch reaches the host', !answer.includes('host is not connected') && /not sent: |sent to the agent/.test(answer), answer);
  await workbench.shot('back-to-local');
}
