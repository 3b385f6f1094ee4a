import type { DashboardFolder, FromDashboardMessage } from '../../host/protocol/dashboardView.ts';
import type { Run } from '../../host/protocol/dto.ts';
import { ErrorBox } from '../shared/errorBox.tsx';
import { formatCount, formatTime } from '../shared/format.ts';
import { ActivitySections } from './activitySections.tsx';
import { HealthCards } from './healthCards.tsx';
import { QueueSections } from './queueSections.tsx';
import { unwrapShellCommand } from '../../host/protocol/shellCommandText.ts';

export interface FolderSectionProps {
  folder: DashboardFolder;
  post: (message: FromDashboardMessage) => void;
}

/** One host: health, counts, problems, approvals, queues, activity and recent runs. */
export function FolderSection({ folder, post }: FolderSectionProps) {
  const running = folder.runs.filter((run) => run.state === 'running').length;
  const problems = [folder.host_error, folder.workflow_error && `WORKFLOW.md: ${folder.workflow_error}`, folder.tracker_error && `Tracker: ${folder.tracker_error}`].filter(Boolean);
  return (
    <section class={folder.host_state === 'ready' ? 'folder' : 'folder stale'} aria-label={folder.name}>
      <h2>{folder.name} <span class={`pill host-${folder.host_state}`}>host {folder.host_state}</span></h2>
      <HealthCards health={folder.health} />
      {folder.snapshot_error && <ErrorBox what="the host's snapshot" error={folder.snapshot_error} onRetry={() => post({ type: 'refresh', folder: folder.key })} />}
      <dl class="counts">
        <div><dt>Issues</dt><dd>{folder.issue_count}</dd></div>
        <div><dt>Running</dt><dd data-count="running">{running}</dd></div>
        <div><dt>Queued</dt><dd>{folder.queue_depth}</dd></div>
        <div><dt>Retrying</dt><dd>{folder.retrying.length}</dd></div>
        <div><dt>Blocked</dt><dd>{folder.blocked.length}</dd></div>
        <div><dt>Awaiting approval</dt><dd>{folder.pending_approvals.length}</dd></div>
      </dl>
      {problems.map((problem) => <p class="problem" role="alert">{problem}</p>)}
      {folder.pending_approvals.length > 0 && (
        <div>
          <h3>Awaiting approval</h3>
          <ul class="approvals">
            {folder.pending_approvals.map((approval) => (
              <li key={approval.id}>
                <strong>{approval.issue_identifier}</strong> wants to {approval.kind === 'command' ? <>run <code title={approval.command ?? undefined}>{unwrapShellCommand(approval.command ?? '')}</code></> : <>change {approval.files.join(', ') || 'files'}</>}
                <button onClick={() => post({ type: 'decideApproval', folder: folder.key, approval_id: approval.id, decision: 'approve' })}>Approve</button>
                <button class="secondary" onClick={() => post({ type: 'decideApproval', folder: folder.key, approval_id: approval.id, decision: 'deny' })}>Deny</button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <QueueSections folder={folder} post={post} />
      <ActivitySections folder={folder} post={post} />
      <h3>Runs</h3>
      {folder.runs.length === 0 ? <p class="muted">No runs yet. Start one from the Task Graph.</p> : <RunTable folder={folder} post={post} />}
      {folder.snapshot_at && <p class="muted">Snapshot read {formatTime(folder.snapshot_at)}</p>}
    </section>
  );
}

function RunTable({ folder, post }: FolderSectionProps) {
  return (
    <table class="runs">
      <thead><tr><th>Issue</th><th>State</th><th>Turn</th><th>Tokens</th><th>Started</th><th /></tr></thead>
      <tbody>
        {folder.runs.map((run: Run) => (
          <tr key={run.id} data-run={run.issue_identifier}>
            <td>{run.issue_identifier}</td>
            <td><span class={`pill run-${run.state}`}>{run.state}</span>{run.error && <div class="error-text">{run.error}</div>}</td>
            <td>{run.turn_count}/{run.max_turns}</td>
            <td>{formatCount(run.tokens.total_tokens)}</td>
            <td>{formatTime(run.started_at)}</td>
            <td>
              <button class="secondary" onClick={() => post({ type: 'openRunDetails', folder: folder.key, run_id: run.id })}>Details</button>{' '}
              <button class="secondary" onClick={() => post({ type: 'openTerminal', folder: folder.key, run_id: run.id })}>Terminal</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
