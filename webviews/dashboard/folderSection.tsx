import type { DashboardView, FromDashboardMessage, Run } from '../../host/protocol/index.ts';

type Folder = DashboardView['folders'][number];

export interface FolderSectionProps {
  folder: Folder;
  post: (message: FromDashboardMessage) => void;
}

/** One workspace folder: host health, problems, pending approvals and recent runs. */
export function FolderSection({ folder, post }: FolderSectionProps) {
  const running = folder.runs.filter((run) => run.state === 'running').length;
  const queued = folder.runs.filter((run) => run.state === 'queued').length;
  const problems = [folder.host_error, folder.workflow_error && `WORKFLOW.md: ${folder.workflow_error}`, folder.tracker_error && `Tracker: ${folder.tracker_error}`].filter(Boolean);
  return (
    <section class="folder" aria-label={folder.name}>
      <h2>{folder.name} <span class={`pill host-${folder.host_state}`}>host {folder.host_state}</span></h2>
      <dl class="counts">
        <div><dt>Issues</dt><dd>{folder.issue_count}</dd></div>
        <div><dt>Running</dt><dd data-count="running">{running}</dd></div>
        <div><dt>Queued</dt><dd>{queued}</dd></div>
        <div><dt>Awaiting approval</dt><dd>{folder.pending_approvals.length}</dd></div>
      </dl>
      {problems.map((problem) => <p class="problem" role="alert">{problem}</p>)}
      {folder.pending_approvals.length > 0 && (
        <div>
          <h3>Awaiting approval</h3>
          <ul class="approvals">
            {folder.pending_approvals.map((approval) => (
              <li key={approval.id}>
                <strong>{approval.issue_identifier}</strong> wants to {approval.kind === 'command' ? <>run <code>{approval.command}</code></> : <>change {approval.files.join(', ') || 'files'}</>}
                <button onClick={() => post({ type: 'decideApproval', folder: folder.key, approval_id: approval.id, decision: 'approve' })}>Approve</button>
                <button class="secondary" onClick={() => post({ type: 'decideApproval', folder: folder.key, approval_id: approval.id, decision: 'deny' })}>Deny</button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <h3>Runs</h3>
      {folder.runs.length === 0 ? <p class="muted">No runs yet. Start one from the Task Graph.</p> : <RunTable folder={folder} post={post} />}
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
            <td>{run.tokens.total_tokens.toLocaleString()}</td>
            <td>{run.started_at ? new Date(run.started_at).toLocaleTimeString() : '—'}</td>
            <td><button class="secondary" onClick={() => post({ type: 'openTerminal', folder: folder.key, run_id: run.id })}>Terminal</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
