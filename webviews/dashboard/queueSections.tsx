import type { DashboardFolder, FromDashboardMessage } from '../../host/protocol/dashboardView.ts';
import { formatCount, formatDuration, formatRelative, formatTime } from '../shared/format.ts';

type Post = (message: FromDashboardMessage) => void;

/** Running sessions, queue depth, blocked work and the retry queue with due times. */
export function QueueSections({ folder, post }: { folder: DashboardFolder; post: Post }) {
  return (
    <div class="grid-2">
      <div>
        <h3>Active runs</h3>
        {folder.active_runs.length === 0 ? <p class="muted">Nothing running.</p> : (
          <ul class="approvals">
            {folder.active_runs.map((row) => (
              <li key={row.run_id} data-active-run={row.issue_identifier}>
                <button class="link" onClick={() => post({ type: 'openRunDetails', folder: folder.key, run_id: row.run_id })}>{row.issue_identifier}</button>
                <span>turn {row.turn_count}/{row.max_turns} · {formatDuration(row.seconds_running * 1000)} · {formatCount(row.tokens.total_tokens)} tokens{row.awaiting_approval ? ' · needs approval' : ''}</span>
              </li>
            ))}
          </ul>
        )}
        <p class="muted">Queue depth: <span data-count="queued">{folder.queue_depth}</span></p>
      </div>
      <div>
        <h3>Retry queue</h3>
        {folder.retrying.length === 0 ? <p class="muted">No retries scheduled.</p> : (
          <ul class="approvals">
            {folder.retrying.map((row) => (
              <li key={row.run_id}>
                <strong>{row.issue_identifier}</strong> attempt {row.attempt} ({row.kind}) due {formatTime(row.due_at)} <span class="muted">{formatRelative(row.due_at)}</span>
                {row.error && <span class="error-text"> {row.error}</span>}
              </li>
            ))}
          </ul>
        )}
        <h3>Blocked</h3>
        {folder.blocked.length === 0 ? <p class="muted">Nothing is blocked.</p> : (
          <ul class="approvals">
            {folder.blocked.map((issue) => <li key={issue.issue_id}><strong>{issue.identifier}</strong> {issue.title} <span class="muted">waits for {issue.blockers.join(', ')}</span></li>)}
          </ul>
        )}
      </div>
    </div>
  );
}
