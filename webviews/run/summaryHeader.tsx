import { memo } from 'preact/compat';
import { useEffect, useState } from 'preact/hooks';
import type { RunDetailView } from '../../host/protocol/runView.ts';
import { formatCount, formatDuration, formatTime, formatUsd } from '../shared/format.ts';

function Elapsed({ from, to }: { from: string; to: string | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (to) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [to]);
  return <>{formatDuration((to ? new Date(to).getTime() : now) - new Date(from).getTime())}</>;
}

/** Issue, state, attempt, turn n/max, elapsed, tokens and cost of the run. */
export const SummaryHeader = memo(function SummaryHeader({ detail }: { detail: RunDetailView }) {
  const { run, issue } = detail;
  return (
    <header class="summary">
      <h1>
        <span data-field="issue">{run.issue_identifier}</span>{issue && <span class="title">{issue.title}</span>}
        <span class={`pill run-${run.state}`} data-field="state">{run.paused ? 'paused' : run.state}</span>
      </h1>
      <dl class="counts">
        <div><dt>Attempt</dt><dd>{run.attempt ?? 1}</dd></div>
        <div><dt>Turn</dt><dd data-field="turn">{run.turn_count}/{run.max_turns}</dd></div>
        <div><dt>Elapsed</dt><dd>{run.started_at ? <Elapsed from={run.started_at} to={run.ended_at} /> : 'not started'}</dd></div>
        <div><dt>Tokens</dt><dd title={`in ${formatCount(run.tokens.input_tokens)} · out ${formatCount(run.tokens.output_tokens)}`}>{formatCount(run.tokens.total_tokens)}</dd></div>
        {detail.cost_usd !== null && <div><dt>Cost</dt><dd>{formatUsd(detail.cost_usd)}</dd></div>}
        <div><dt>Events</dt><dd data-field="events">{formatCount(detail.event_count)}</dd></div>
      </dl>
      <p class="muted">Queued {formatTime(run.queued_at)}{run.ended_at ? ` · ended ${formatTime(run.ended_at)}` : ''}{run.stop_reason ? ` · ${run.stop_reason}` : ''}</p>
      {run.error && <p class="problem" role="alert">{run.error}</p>}
      {run.retry && <p class="muted">Retry {run.retry.kind} (attempt {run.retry.attempt}) due {formatTime(run.retry.due_at)}{run.retry.error ? `: ${run.retry.error}` : ''}</p>}
    </header>
  );
});
