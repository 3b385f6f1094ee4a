import type { Issue, IssueRuntime, Run } from '../../host/protocol/index.ts';

// The view model of an issue row, free of `vscode` so it is tested on its own: the tree provider
// turns `icon` into a ThemeIcon and `contextValue` selects the context-menu entries in package.json.

/** A codicon id and an optional theme colour id. */
export interface RowIcon {
  id: string;
  color?: string;
}

/** Icon, description and context value of an issue row. */
export interface IssuePresentation {
  description: string;
  icon: RowIcon;
  contextValue: string;
}

/** What a row shows: the tracker issue, the host's overlay for it, and its latest run. */
export interface IssueRowInput {
  issue: Issue;
  /** The task graph's runtime overlay (blockers, last outcome, tokens), when the graph is loaded. */
  runtime: IssueRuntime | undefined;
  /** The issue's latest run, from the snapshot and run events (carries pause and stop reasons). */
  run: Run | undefined;
  /** A request of the issue's run waits for a human (the client's approvals or the overlay's count). */
  needsApproval: boolean;
  now: number;
}

type Overlay = Pick<IssuePresentation, 'description' | 'icon'>;

const ACTIVE_RUN_STATES = new Set(['queued', 'running', 'retrying']);

/**
 * Overlay precedence: needs approval, then the live run (queued, running, paused, retry), then
 * "blocked by" (the scheduler holds the issue back), then how the last run ended, then the tracker state.
 */
export function presentIssue(input: IssueRowInput): IssuePresentation {
  const overlay = approvalOverlay(input) ?? activeOverlay(input) ?? blockedOverlay(input) ?? endedOverlay(input)
    ?? { description: input.issue.state, icon: { id: 'circle-large-outline' } };
  return { ...overlay, contextValue: issueContextValue(input) };
}

/**
 * `issue.<idle|active|ended>` then `.hasRun.state-<run state or paused>` when there is a run,
 * `.blocked` and `.hasUrl`: menus match on these parts (package.json `view/item/context`).
 */
export function issueContextValue({ issue, runtime, run, needsApproval }: IssueRowInput): string {
  const phase = needsApproval || (run && ACTIVE_RUN_STATES.has(run.state)) ? 'active' : run ? 'ended' : 'idle';
  const hasRun = run ? `.hasRun.state-${run.paused ? 'paused' : run.state}` : '';
  const blocked = runtime && blockerNames(runtime).length ? '.blocked' : '';
  return `issue.${phase}${hasRun}${blocked}${issue.url ? '.hasUrl' : ''}`;
}

/** Identifiers of the blockers that are not done yet. */
export function blockerNames(runtime: IssueRuntime): string[] {
  if (runtime.status === 'done') return [];
  return runtime.blockers.filter((blocker) => !blocker.terminal).map((blocker) => blocker.identifier ?? blocker.id ?? '?');
}

function approvalOverlay({ needsApproval }: IssueRowInput): Overlay | undefined {
  if (!needsApproval) return undefined;
  return { description: 'needs approval', icon: { id: 'bell-dot', color: 'notificationsWarningIcon.foreground' } };
}

function activeOverlay({ run, runtime, now }: IssueRowInput): Overlay | undefined {
  const live = run && ACTIVE_RUN_STATES.has(run.state) ? run : undefined;
  if (live?.state === 'queued' || (!run && runtime?.active_run?.state === 'queued')) return { description: 'queued', icon: { id: 'clock' } };
  if (live?.state === 'running') return runningOverlay(live.started_at, live.turn_count, live.max_turns, now, live.paused === true);
  if (!run && runtime?.active_run?.state === 'running') return runningOverlay(runtime.active_run.started_at, runtime.active_run.turn, runtime.active_run.max_turns, now, runtime.active_run.paused === true);
  if (live?.state === 'retrying') return retryOverlay(live.retry?.due_at ?? null, live.retry?.attempt ?? null, live.retry?.error ?? null, now);
  if (!run && runtime?.status === 'retrying' && runtime.retry) return retryOverlay(runtime.retry.due_at, runtime.retry.attempt, runtime.retry.error, now);
  return undefined;
}

function runningOverlay(startedAt: string | null, turn: number, maxTurns: number, now: number, paused: boolean): Overlay {
  const description = `${paused ? 'paused' : 'running'} · ${elapsed(startedAt, now)} · turn ${turn}/${maxTurns}`;
  return paused ? { description, icon: { id: 'debug-pause', color: 'charts.yellow' } } : { description, icon: { id: 'sync~spin', color: 'charts.blue' } };
}

function retryOverlay(dueAt: string | null, attempt: number | null, error: string | null, now: number): Overlay {
  const icon = { id: 'history', color: 'charts.yellow' };
  if (!dueAt) return { description: 'retrying', icon };
  const seconds = Math.max(0, Math.ceil((Date.parse(dueAt) - now) / 1000));
  return { description: `retry in ${seconds}s${attempt ? ` (attempt ${attempt})` : ''}${error ? ` · ${error}` : ''}`, icon };
}

function blockedOverlay({ runtime }: IssueRowInput): Overlay | undefined {
  const names = runtime ? blockerNames(runtime) : [];
  if (!names.length) return undefined;
  return { description: `blocked by ${names.join(', ')}`, icon: { id: 'lock', color: 'charts.orange' } };
}

function endedOverlay({ run, runtime }: IssueRowInput): Overlay | undefined {
  const state = run?.state ?? runtime?.last_outcome?.state;
  const error = run ? run.error : runtime?.last_outcome?.error ?? null;
  switch (state) {
    case 'completed':
      return { description: 'completed', icon: { id: 'pass-filled', color: 'testing.iconPassed' } };
    case 'failed':
      return { description: `failed: ${error ?? 'unknown error'}`, icon: { id: 'error', color: 'testing.iconFailed' } };
    case 'cancelled': {
      const reason = run?.stop_reason ? `: ${run.stop_reason.replace(/_/g, ' ')}` : '';
      return { description: `cancelled${reason}`, icon: { id: 'circle-slash' } };
    }
    default:
      return undefined;
  }
}

function elapsed(startedAt: string | null, now: number): string {
  if (!startedAt) return '0s';
  const seconds = Math.max(0, Math.round((now - Date.parse(startedAt)) / 1000));
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}
