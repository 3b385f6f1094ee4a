import type { DashboardFolder, FromDashboardMessage } from '../../host/protocol/dashboardView.ts';
import { formatCount, formatTime } from '../shared/format.ts';
import { TokenChart } from './tokenChart.tsx';

type Post = (message: FromDashboardMessage) => void;

function LinearBudget({ folder }: { folder: DashboardFolder }) {
  const budget = folder.linear_budget;
  if (!budget) return <p class="muted">The tracker reports no request budget (the local tracker makes no requests).</p>;
  const used = budget.limit !== null && budget.remaining !== null ? budget.limit - budget.remaining : null;
  return (
    <div class="budget">
      <p>{formatCount(budget.requests)} request(s) sent by this host{budget.failed_requests ? `, ${budget.failed_requests} failed` : ''}.</p>
      {used !== null && budget.limit !== null && (
        <>
          <div class="meter" role="meter" aria-valuemin={0} aria-valuemax={budget.limit} aria-valuenow={used} aria-label="Linear hourly request budget used"><div style={{ width: `${Math.min(100, (used / budget.limit) * 100)}%` }} /></div>
          <p class="muted">{formatCount(used)} of {formatCount(budget.limit)} this hour{budget.reset_at ? `, resets ${formatTime(budget.reset_at)}` : ''}</p>
        </>
      )}
      {budget.rate_limited_until && <p class="error-text">Rate limited until {formatTime(budget.rate_limited_until)}</p>}
    </div>
  );
}

/** Token totals over time, the Linear request budget, and the latest events. */
export function ActivitySections({ folder, post }: { folder: DashboardFolder; post: Post }) {
  return (
    <div class="grid-2">
      <div>
        <TokenChart folder={folder} />
        <h3>Linear request budget</h3>
        <LinearBudget folder={folder} />
      </div>
      <div>
        <h3>Recent events</h3>
        {folder.recent_events.length === 0 ? <p class="muted">No events yet.</p> : (
          <ul class="recent">
            {folder.recent_events.map((event) => (
              <li key={event.seq} title={`${event.type} · ${event.timestamp}`}>
                <span class="muted">#{event.seq} {formatTime(event.timestamp)}</span>
                {event.run_id
                  ? <button class="link summary" title={event.summary} onClick={() => post({ type: 'openRunDetails', folder: folder.key, run_id: event.run_id! })}>{event.summary}</button>
                  : <span class="summary" title={event.summary}>{event.summary}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
