// Run controls from the Task Graph's context menu on a live run: Pause/Resume where the harness
// can (Codex cannot: the menu must not offer it, or the host's refusal must be shown), Cancel Run
// (the tree and the host agree: cancelled), then Retry (a new run that completes). The model's
// first reply is held, so the run is really running while the controls are tried.
import { CONTROLLED_ISSUE } from './agentFlowIssues.ts';
import type { FlowContext } from './flowSteps.ts';
import { localSnapshot, pickFromRowMenu, rowMenuEntries, waitForRow, within } from './flowSteps.ts';

export async function runControlFlows(context: FlowContext): Promise<void> {
  const hold = context.agent.holds.arm(CONTROLLED_ISSUE);
  try {
    await startHeldRun(context, hold.reached);
    await tryPauseAndResume(context);
    await cancelFromTree(context);
  } finally {
    hold.release();
  }
  await retryFromTree(context);
}

async function startHeldRun({ workbench, timeline }: FlowContext, reached: Promise<void>): Promise<void> {
  const since = Date.now();
  await pickFromRowMenu(workbench, CONTROLLED_ISSUE, 'Start Run');
  await within(reached, 60_000, `${CONTROLLED_ISSUE}'s model request`);
  await waitForRow(workbench, CONTROLLED_ISSUE, 'running', (description) => description.startsWith('running'));
  timeline.mark('controlledRunRunning', since);
}

/** Codex has no pause: either the menu leaves Pause out, or choosing it shows the host's refusal. Resume needs a paused run. */
async function tryPauseAndResume(context: FlowContext): Promise<void> {
  const { workbench, timeline, checks } = context;
  const since = Date.now();
  const entries = await rowMenuEntries(workbench, CONTROLLED_ISSUE);
  checks.check('run controls: a running run offers Cancel Run and no Resume', entries.includes('Cancel Run') && !entries.includes('Resume'), entries);
  if (entries.includes('Pause')) {
    await pickFromRowMenu(workbench, CONTROLLED_ISSUE, 'Pause');
    const toast = await workbench.waitToast([CONTROLLED_ISSUE, /refused/], 20_000);
    const text = (await toast.innerText()).replace(/\s+/g, ' ');
    checks.check('run controls: Pause on a Codex run shows the host\'s refusal and why', /pause/i.test(text) && /cannot pause/.test(text), text);
    await workbench.waitSettled(toast);
    await workbench.shot('pause-refused');
    await workbench.runCommand('Notifications: Clear All Notifications');
  } else {
    checks.check('run controls: the menu does not offer Pause for a Codex run', true, entries);
    await workbench.shot('pause-not-offered');
  }
  const run = (await localSnapshot(context)).runs.find((candidate) => candidate.issue_identifier === CONTROLLED_ISSUE);
  checks.check('run controls: the host still has the run running and not paused', run?.state === 'running' && run.paused !== true, { state: run?.state, paused: run?.paused });
  timeline.mark('flowPauseResume', since);
}

async function cancelFromTree(context: FlowContext): Promise<void> {
  const { workbench, timeline, checks } = context;
  const since = Date.now();
  await pickFromRowMenu(workbench, CONTROLLED_ISSUE, 'Cancel Run');
  const row = await waitForRow(workbench, CONTROLLED_ISSUE, 'cancelled', (description) => description.startsWith('cancelled'), 30_000);
  timeline.mark('flowCancel', since);
  checks.check('cancel: the tree shows the run cancelled', row.description.startsWith('cancelled'), row);
  const runs = (await localSnapshot(context)).runs.filter((run) => run.issue_identifier === CONTROLLED_ISSUE);
  checks.check('cancel: the host snapshot agrees (one run, cancelled)', runs.length === 1 && runs[0]?.state === 'cancelled', runs.map((run) => ({ state: run.state, stop_reason: run.stop_reason })));
  await workbench.shot('run-cancelled');
}

async function retryFromTree(context: FlowContext): Promise<void> {
  const { workbench, timeline, checks } = context;
  const since = Date.now();
  await pickFromRowMenu(workbench, CONTROLLED_ISSUE, 'Retry');
  const row = await waitForRow(workbench, CONTROLLED_ISSUE, 'completed', (description) => description === 'completed');
  timeline.mark('flowRetry', since);
  checks.check('retry: the tree shows the retried run completed', row.description === 'completed', row);
  const runs = (await localSnapshot(context)).runs.filter((run) => run.issue_identifier === CONTROLLED_ISSUE);
  const states = runs.map((run) => run.state).sort();
  checks.check('retry: the host has the cancelled run and a new completed one', runs.length === 2 && states[0] === 'cancelled' && states[1] === 'completed', runs.map((run) => ({ id: run.id, state: run.state })));
  await workbench.shot('run-retried');
}
