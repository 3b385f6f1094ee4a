// Deciding an agent's request from its notification, beyond a plain Approve: Deny (the command
// never runs, the run goes on to its end) and Approve Always (the run's next matching command is
// settled by the run rule without asking). Each is checked in the tree, in the host's snapshot and
// on disk in the issue's workspace.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Approval } from '../../host/protocol/index.ts';
import { ALWAYS_ISSUE, DENIED_ISSUE } from './agentFlowIssues.ts';
import type { FlowContext } from './flowSteps.ts';
import { localSnapshot, pickFromRowMenu, waitForRow, workspaceFiles } from './flowSteps.ts';

const describeApproval = (approval: Approval) => ({
  command: approval.command, state: approval.state, decision: approval.decision, scope: approval.scope,
  decided_by: approval.decided_by?.kind, rule: approval.rule ? { source: approval.rule.source, command_prefix: approval.rule.command_prefix } : null,
});

/** Starts the issue's run from the tree and answers its first request's notification with `button`. */
async function startAndAnswer({ workbench }: FlowContext, issue: string, file: string, shot: string, button: string): Promise<void> {
  await pickFromRowMenu(workbench, issue, 'Start Run');
  const toast = await workbench.waitToast([issue, file], 90_000);
  await workbench.waitSettled(toast);
  await workbench.shot(shot);
  await workbench.clickToastButton(toast, button);
}

/** Deny from the notification: the command does not run, and the run completes per the mock script. */
export async function runDenyFlow(context: FlowContext): Promise<void> {
  const { workbench, timeline, checks, sample } = context;
  const since = Date.now();
  await startAndAnswer(context, DENIED_ISSUE, 'greeting.txt', 'deny-notification', 'Deny');
  const row = await waitForRow(workbench, DENIED_ISSUE, 'completed', (description) => description === 'completed');
  timeline.mark('flowDeny', since);
  checks.check(`deny: the tree shows ${DENIED_ISSUE}'s run completed after the denial`, row.description === 'completed', row);
  const snapshot = await localSnapshot(context);
  const approvals = snapshot.approvals.filter((approval) => approval.issue_identifier === DENIED_ISSUE);
  checks.check('deny: host snapshot has one request, denied by the user', approvals.length === 1 && approvals[0]?.state === 'denied' && approvals[0]?.decision === 'deny' && approvals[0]?.decided_by?.kind === 'user', approvals.map(describeApproval));
  const runs = snapshot.runs.filter((run) => run.issue_identifier === DENIED_ISSUE);
  checks.check('deny: host snapshot has the run completed', runs.length === 1 && runs[0]?.state === 'completed', runs.map((run) => ({ state: run.state, error: run.error })));
  const files = workspaceFiles(sample, DENIED_ISSUE);
  checks.check('deny: the denied command did not run (no greeting.txt in the workspace)', !files.includes('greeting.txt'), files);
  await workbench.shot('deny-completed');
}

/** Approve Always on the first of two commands: the second is settled by the run rule, never asked. */
export async function runApproveAlwaysFlow(context: FlowContext): Promise<void> {
  const { workbench, timeline, checks, sample } = context;
  const since = Date.now();
  await startAndAnswer(context, ALWAYS_ISSUE, 'first.txt', 'approve-always-notification', 'Approve Always');
  const row = await waitForRow(workbench, ALWAYS_ISSUE, 'completed', (description) => description === 'completed');
  timeline.mark('flowApproveAlways', since);
  checks.check(`approve always: the tree shows ${ALWAYS_ISSUE}'s run completed without a second question`, row.description === 'completed', row);
  const snapshot = await localSnapshot(context);
  const approvals = snapshot.approvals.filter((approval) => approval.issue_identifier === ALWAYS_ISSUE);
  const first = approvals.find((approval) => approval.command?.includes('first.txt'));
  const second = approvals.find((approval) => approval.command?.includes('second.txt'));
  checks.check('approve always: the first request was approved by the user for the run', first?.state === 'approved' && first.decision === 'approve_always' && first.scope === 'run' && first.decided_by?.kind === 'user', approvals.map(describeApproval));
  checks.check('approve always: the second request was approved by the run rule, not asked', second?.state === 'approved' && second.decided_by?.kind === 'rule' && second.rule?.source === 'run', approvals.map(describeApproval));
  const workspace = sample.issueWorkspace(ALWAYS_ISSUE);
  const written = ['first.txt', 'second.txt'].map((name) => (existsSync(join(workspace, name)) ? readFileSync(join(workspace, name), 'utf8').trim() : null));
  checks.check('approve always: both commands ran in the workspace', written[0] === `first from ${ALWAYS_ISSUE}` && written[1] === `second from ${ALWAYS_ISSUE}`, written);
  await workbench.shot('approve-always-completed');
}
