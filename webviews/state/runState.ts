import type { ActionReceipt } from '../../host/protocol/actions.ts';
import { ApprovalSchema, RunSchema } from '../../host/protocol/dto.ts';
import type { EventEnvelope } from '../../host/protocol/envelope.ts';
import type { RunFiles, RunLogPage } from '../../host/protocol/runs.ts';
import type { RunDetailView, RunTarget, RunTextView } from '../../host/protocol/runView.ts';
import type { StreamStatus, WebviewError } from '../../host/protocol/webviewBridge.ts';
import type { TimelineAction, TimelineOptions, TimelineState } from './timelineState.ts';
import { DEFAULT_TIMELINE_OPTIONS, initialTimeline, timelineReducer } from './timelineState.ts';
import { lowerBound, sliceWindow } from './eventWindow.ts';

/** Something fetched on request: the last good value stays while a refresh loads or fails. */
export interface Resource<T> {
  readonly value: T | null;
  readonly error: WebviewError | null;
  readonly loading: boolean;
}

export type ResourceKey = 'detail' | 'files' | 'logs' | 'terminal';
type ResourceValue = { detail: RunDetailView; files: RunFiles; logs: RunLogPage; terminal: RunTextView };

/** What an action button or an approval decision led to, as the receipt said. */
export interface Outcome {
  readonly id: string;
  readonly label: string;
  readonly status: 'pending' | 'accepted' | 'rejected' | 'failed';
  readonly message: string | null;
}

/** The whole state of one run panel. */
export interface RunViewState {
  readonly target: RunTarget | null;
  readonly detail: Resource<RunDetailView>;
  readonly files: Resource<RunFiles>;
  readonly logs: Resource<RunLogPage>;
  readonly terminal: Resource<RunTextView>;
  /** `connecting` until the extension first reports the relay of the run's live events. */
  readonly stream: { readonly status: StreamStatus | 'connecting'; readonly message: string | null };
  /** Shown from the state saved before a reload, not yet refreshed from the host. */
  readonly restored: boolean;
  readonly timeline: TimelineState;
  /** Newest first, at most MAX_OUTCOMES. */
  readonly outcomes: readonly Outcome[];
}

const MAX_OUTCOMES = 5;

export type RunViewAction =
  | { type: 'init'; target: RunTarget }
  | { type: 'resource/loading'; key: ResourceKey }
  | { type: 'resource/loaded'; key: ResourceKey; value: ResourceValue[ResourceKey] }
  | { type: 'resource/failed'; key: ResourceKey; error: WebviewError }
  | { type: 'stream'; status: StreamStatus; message: string | null }
  | { type: 'live'; events: readonly EventEnvelope[] }
  | { type: 'outcome/pending'; id: string; label: string }
  | { type: 'outcome/receipt'; id: string; receipt: ActionReceipt }
  | { type: 'outcome/failed'; id: string; error: WebviewError }
  | TimelineAction;

const emptyResource = { value: null, error: null, loading: false } as const;

export function initialRunState(target: RunTarget | null = null): RunViewState {
  return {
    target, detail: emptyResource, files: emptyResource, logs: emptyResource, terminal: emptyResource,
    stream: { status: 'connecting', message: null }, restored: false, timeline: initialTimeline(), outcomes: [],
  };
}

/** True when what the panel shows may be out of date: restored from before a reload, or not connected. */
export function isStale(state: RunViewState): boolean {
  return state.restored || state.stream.status !== 'live';
}

export function createRunReducer(options: TimelineOptions = DEFAULT_TIMELINE_OPTIONS) {
  return (state: RunViewState, action: RunViewAction): RunViewState => runReducer(state, action, options);
}

export function runReducer(state: RunViewState, action: RunViewAction, options: TimelineOptions = DEFAULT_TIMELINE_OPTIONS): RunViewState {
  switch (action.type) {
    case 'init': return init(state, action.target);
    case 'resource/loading': return { ...state, [action.key]: { ...state[action.key], loading: true } };
    case 'resource/loaded': return loaded(state, action.key, action.value);
    case 'resource/failed': return { ...state, [action.key]: { ...state[action.key], loading: false, error: action.error } };
    case 'stream':
      if (state.stream.status === action.status && state.stream.message === action.message) return state;
      return { ...state, stream: { status: action.status, message: action.message } };
    case 'live': return live(state, action.events, options);
    case 'outcome/pending': return withOutcome(state, { id: action.id, label: action.label, status: 'pending', message: null });
    case 'outcome/receipt': return settleOutcome(state, action.id, action.receipt.accepted ? 'accepted' : 'rejected', action.receipt.reason);
    case 'outcome/failed': return settleOutcome(state, action.id, 'failed', action.error.message);
    case 'timeline/page': return pageLoaded(state, action, options);
    default: {
      const timeline = timelineReducer(state.timeline, action, options);
      return timeline === state.timeline ? state : { ...state, timeline };
    }
  }
}

/** A panel shown for another run starts over; the same run keeps what it restored until refreshed. */
function init(state: RunViewState, target: RunTarget): RunViewState {
  const same = state.target?.folder === target.folder && state.target.run_id === target.run_id;
  return same ? state : initialRunState(target);
}

function loaded(state: RunViewState, key: ResourceKey, value: ResourceValue[ResourceKey]): RunViewState {
  if (key !== 'detail') return { ...state, [key]: { value, error: null, loading: false } };
  // A fresh detail is the host's word (the panel no longer shows only what it restored); live
  // events that arrived while it was read still apply on top of it.
  const { window } = state.timeline;
  const detail = value as RunDetailView;
  const newer = sliceWindow(window, lowerBound(window, detail.last_event_seq + 1), window.length);
  return { ...state, restored: false, detail: foldIntoDetail({ value: detail, error: null, loading: false }, newer) };
}

function live(state: RunViewState, events: readonly EventEnvelope[], options: TimelineOptions): RunViewState {
  const timeline = timelineReducer(state.timeline, { type: 'timeline/live', events }, options);
  const detail = foldIntoDetail(state.detail, events);
  if (timeline === state.timeline && detail === state.detail) return state;
  return { ...state, timeline, detail };
}

/** Pages also bring events the detail may not reflect yet (it was read a moment earlier). */
function pageLoaded(state: RunViewState, action: Extract<TimelineAction, { type: 'timeline/page' }>, options: TimelineOptions): RunViewState {
  const timeline = timelineReducer(state.timeline, action, options);
  const detail = foldIntoDetail(state.detail, action.events);
  return timeline === state.timeline && detail === state.detail ? state : { ...state, timeline, detail };
}

/**
 * Applies events newer than the detail to it: `run.*` events carry the whole Run, `approval.*`
 * events the whole Approval, so the newest copy wins. Idempotent: known seqs are skipped.
 */
export function foldIntoDetail(resource: Resource<RunDetailView>, events: readonly EventEnvelope[]): Resource<RunDetailView> {
  const start = resource.value;
  if (!start) return resource;
  let detail = start;
  for (const event of events) {
    if (event.seq <= detail.last_event_seq) continue;
    detail = { ...detail, event_count: detail.event_count + 1, last_event_seq: event.seq };
    if (event.type.startsWith('run.')) {
      const run = RunSchema.safeParse(event.payload.run);
      if (run.success && run.data.id === detail.run.id) detail = { ...detail, run: run.data };
    } else if (event.type.startsWith('approval.')) {
      const approval = ApprovalSchema.safeParse(event.payload.approval);
      if (approval.success && approval.data.run_id === detail.run.id) {
        const others = detail.approvals.filter((known) => known.id !== approval.data.id);
        detail = { ...detail, approvals: [...others, approval.data].sort((a, b) => a.requested_at.localeCompare(b.requested_at)) };
      }
    }
  }
  return detail === start ? resource : { ...resource, value: detail };
}

function withOutcome(state: RunViewState, outcome: Outcome): RunViewState {
  return { ...state, outcomes: [outcome, ...state.outcomes.filter((known) => known.id !== outcome.id)].slice(0, MAX_OUTCOMES) };
}

function settleOutcome(state: RunViewState, id: string, status: Outcome['status'], message: string | null): RunViewState {
  const known = state.outcomes.find((outcome) => outcome.id === id);
  return known ? withOutcome(state, { ...known, status, message }) : state;
}
