/**
 * Why the orchestrator stops a worker before it ends by itself (Symphony §3.2 terminal reasons).
 * `kind` doubles as the run's `stop_reason`.
 */
export type StopRequest =
  | { kind: 'stalled'; elapsedMs: number }
  | { kind: 'issue_terminal'; state: string }
  | { kind: 'issue_inactive'; state: string }
  | { kind: 'issue_unroutable'; why: string }
  | { kind: 'issue_missing' }
  | { kind: 'operator_cancel' }
  | { kind: 'host_stopped' };

/** The run error a stop leaves behind. */
export function describeStop(stop: StopRequest): string {
  switch (stop.kind) {
    case 'stalled': return `stalled: no agent activity for ${stop.elapsedMs} ms`;
    case 'issue_terminal': return `stopped: the issue moved to ${stop.state} (terminal)`;
    case 'issue_inactive': return `stopped: the issue moved to ${stop.state}, which is not active`;
    case 'issue_unroutable': return `stopped: the issue ${stop.why}`;
    case 'issue_missing': return 'stopped: the issue is no longer in the tracker';
    case 'operator_cancel': return 'cancelled by the operator';
    case 'host_stopped': return 'interrupted: the host stopped';
  }
}
