// Developer: Reload Window while a run is going: the reloaded window reattaches to the host that is
// still running (the same single process serving the folder's socket; no second host), shows the
// run live again, and the run goes on to complete once the held model reply is released.
import { RELOAD_ISSUE } from './agentFlowIssues.ts';
import type { FlowContext } from './flowSteps.ts';
import { localSnapshot, pickFromRowMenu, waitForRow, within } from './flowSteps.ts';
import { hostPidsServing } from './hostProcesses.ts';
import { waitForHostReady, waitForStatus } from './statusFile.ts';

export async function runReloadScenario(context: FlowContext): Promise<void> {
  const { workbench, sample, statusFile, timeline, checks, agent } = context;
  const host = await waitForHostReady(statusFile, sample.dir, 30_000);
  const before = hostPidsServing(host.socketPath);
  checks.check('reload: one host process serves the folder before the reload', before.length === 1, before);
  const hold = agent.holds.arm(RELOAD_ISSUE);
  try {
    await pickFromRowMenu(workbench, RELOAD_ISSUE, 'Start Run');
    await within(hold.reached, 60_000, `${RELOAD_ISSUE}'s model request`);
    await waitForRow(workbench, RELOAD_ISSUE, 'running', (description) => description.startsWith('running'));
    const since = Date.now();
    await reloadWindow(context, new Date().toISOString());
    timeline.mark('flowReloadReattached', since);
    const after = hostPidsServing(host.socketPath);
    checks.check('reload: the window reattached to the same host process (same pid, no second host)', after.length === 1 && after[0] === before[0], { before, after });
    const row = await waitForRow(workbench, RELOAD_ISSUE, 'running after the reload', (description) => description.startsWith('running'), 30_000);
    checks.check('reload: the tree shows the run still running after the reload', row.description.startsWith('running'), row);
    await workbench.shot('reload-reattached');
  } finally {
    hold.release();
  }
  const since = Date.now();
  const row = await waitForRow(workbench, RELOAD_ISSUE, 'completed', (description) => description === 'completed');
  timeline.mark('flowReloadRunCompleted', since);
  const runs = (await localSnapshot(context)).runs.filter((run) => run.issue_identifier === RELOAD_ISSUE);
  checks.check('reload: the run started before the reload completed (tree and host snapshot, one run)', row.description === 'completed' && runs.length === 1 && runs[0]?.state === 'completed', runs.map((run) => ({ state: run.state, error: run.error })));
  const last = hostPidsServing(host.socketPath);
  checks.check('reload: still the one host process at the end', last.length === 1 && last[0] === before[0], last);
  await workbench.shot('reload-run-completed');
}

async function reloadWindow({ workbench, sample, statusFile }: FlowContext, reloadedAt: string): Promise<void> {
  await workbench.runCommand('Developer: Reload Window');
  await workbench.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
  await waitForStatus(statusFile, 'the reloaded window to report its host ready', (status) => {
    const entry = status.folders?.find((candidate) => candidate.folder === sample.dir);
    return (status.updated_at ?? '') > reloadedAt && entry?.hostState === 'ready' ? entry : undefined;
  }, 60_000);
  await workbench.openViewContainer('opensymphony', 'OpenSymphony');
}
