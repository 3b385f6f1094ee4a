import type { ApprovalDecision } from '../../host/protocol/dto.ts';
import type { EventEnvelope } from '../../host/protocol/envelope.ts';
import type { RunEventPage } from '../../host/protocol/runs.ts';
import { EventTypes } from '../../host/protocol/eventTypes.ts';
import type { OpenOutcome, RunAction, RunRequest, RunRequestMethod, RunResult, RunTarget } from '../../host/protocol/runView.ts';
import type { StreamStatus, WebviewError } from '../../host/protocol/webviewBridge.ts';
import { asWebviewError } from '../shared/requestBroker.ts';
import { Throttle } from '../shared/throttle.ts';
import { indexOfSeq, lastSeq } from '../state/eventWindow.ts';
import type { ResourceKey, RunViewAction, RunViewState } from '../state/runState.ts';
import type { Store } from '../state/store.ts';
import type { TimelineOptions } from '../state/timelineState.ts';
import { DEFAULT_TIMELINE_OPTIONS } from '../state/timelineState.ts';

/** Sends a request to the extension and resolves with its validated result. */
export interface RunRequester {
  request<M extends RunRequestMethod>(request: Extract<RunRequest, { method: M }>): Promise<RunResult<M>>;
}

/** How often live events may trigger a refresh of each side section. */
const REFRESH_MS: Record<ResourceKey, number> = { detail: 3000, files: 1500, logs: 2000, terminal: 1500 };

/** Which live events make a section worth refreshing. */
function refreshesFor(event: EventEnvelope): ResourceKey[] {
  if (event.type.startsWith('run.')) return ['files', 'logs', 'terminal'];
  if (event.type === EventTypes.agentItem) return ['files', 'terminal'];
  if (event.type === EventTypes.agentMessage) return ['terminal'];
  if (event.type === EventTypes.turnCompleted || event.type === EventTypes.tokensUpdated) return ['detail', 'terminal'];
  return [];
}

/**
 * The run panel's side effects: what to ask the extension and when. State changes go through the
 * store's reducer; this class only turns user intents and incoming messages into requests.
 */
export class RunController {
  private readonly store: Store<RunViewState, RunViewAction>;
  private readonly requester: RunRequester;
  private readonly options: TimelineOptions;
  private readonly throttles: Record<ResourceKey, Throttle>;
  private outcomeSerial = 0;

  constructor(store: Store<RunViewState, RunViewAction>, requester: RunRequester, options: TimelineOptions = DEFAULT_TIMELINE_OPTIONS) {
    this.store = store;
    this.requester = requester;
    this.options = options;
    this.throttles = {
      detail: new Throttle(() => void this.load('detail', true), REFRESH_MS.detail),
      files: new Throttle(() => void this.load('files', true), REFRESH_MS.files),
      logs: new Throttle(() => void this.load('logs', true), REFRESH_MS.logs),
      terminal: new Throttle(() => void this.load('terminal', true), REFRESH_MS.terminal),
    };
  }

  private get state(): RunViewState {
    return this.store.getState();
  }

  /** Loads everything for `target`, then relays its live events from where the loaded data ends. */
  async init(target: RunTarget): Promise<void> {
    this.store.dispatch({ type: 'init', target });
    const detail = this.load('detail');
    const page = this.resetTimeline(this.state.timeline.kinds, null);
    void this.load('files');
    void this.load('logs');
    void this.load('terminal');
    const [loadedDetail, firstPage] = await Promise.all([detail, page]);
    const cursors = [loadedDetail?.last_event_seq, firstPage?.head].filter((cursor): cursor is number => cursor !== undefined);
    if (cursors.length > 0) await this.subscribe(Math.min(...cursors));
  }

  private async subscribe(cursor: number): Promise<void> {
    try {
      await this.requester.request({ method: 'subscribe', cursor });
    } catch (error) {
      this.store.dispatch({ type: 'stream', status: 'offline', message: asWebviewError(error).message });
    }
  }

  onLive(events: readonly EventEnvelope[]): void {
    this.store.dispatch({ type: 'live', events });
    const keys = new Set(events.flatMap(refreshesFor));
    for (const key of keys) this.throttles[key].schedule();
  }

  /** The relay's status; when the host is (back) up and the run failed to load, everything is loaded again. */
  onStream(status: StreamStatus, message: string | null): void {
    const before = this.state.stream.status;
    this.store.dispatch({ type: 'stream', status, message });
    const failed = this.state.detail.error !== null || this.state.timeline.error !== null;
    if (status !== 'offline' && status !== before && failed && this.state.target) void this.init(this.state.target);
  }

  /** Fetches one side section; a refresh keeps showing the old value while it loads. */
  async load<K extends ResourceKey>(key: K, quiet = false): Promise<RunResult<K> | undefined> {
    if (!quiet) this.store.dispatch({ type: 'resource/loading', key });
    try {
      const value = await this.requester.request({ method: key } as Extract<RunRequest, { method: K }>);
      this.store.dispatch({ type: 'resource/loaded', key, value } as RunViewAction);
      return value;
    } catch (error) {
      this.store.dispatch({ type: 'resource/failed', key, error: asWebviewError(error) });
      return undefined;
    }
  }

  /** Starts the timeline over (new filter, or around `anchor`) and loads its first page. */
  resetTimeline(kinds: readonly string[], anchor: number | null): Promise<RunEventPage | undefined> {
    this.store.dispatch({ type: 'timeline/reset', kinds, anchor });
    if (anchor === null) return this.page('backward', null);
    const forward = this.page('forward', anchor);
    return this.page('backward', anchor + 1).then(async (page) => { await forward; return page; });
  }

  /** Called by the list as it scrolls: near an edge with more to load, the next page is asked for. */
  onViewport(nearTop: boolean, nearBottom: boolean): void {
    const { timeline } = this.state;
    if (timeline.error || timeline.search) return;
    if (nearTop && timeline.hasOlder && !timeline.loadingOlder) void this.loadOlder();
    if (nearBottom && timeline.hasNewer && !timeline.loadingNewer) void this.loadNewer();
  }

  loadOlder(): Promise<RunEventPage | undefined> {
    const first = this.state.timeline.window.chunks[0]?.[0]?.seq;
    return this.page('backward', first ?? null);
  }

  loadNewer(): Promise<RunEventPage | undefined> {
    const last = lastSeq(this.state.timeline.window);
    return last === undefined ? this.page('backward', null) : this.page('forward', last);
  }

  /** Retries what failed last: the first page, or the page at the edge that failed. */
  retryTimeline(): void {
    const { timeline } = this.state;
    if (timeline.window.length === 0) void this.resetTimeline(timeline.kinds, timeline.scrollRequest?.seq ?? null);
    else if (timeline.hasOlder) void this.loadOlder();
    else void this.loadNewer();
  }

  private async page(direction: 'backward' | 'forward', cursor: number | null): Promise<RunEventPage | undefined> {
    const { generation, types } = this.state.timeline;
    const limit = this.options.pageSize;
    this.store.dispatch({ type: 'timeline/loading', generation, direction });
    try {
      const page = await this.requester.request({ method: 'events', cursor, direction, limit, types: types ? [...types] : null });
      this.store.dispatch({ type: 'timeline/page', generation, direction, events: page.events, hasMore: page.has_more });
      return page;
    } catch (error) {
      this.store.dispatch({ type: 'timeline/pageFailed', generation, direction, error: asWebviewError(error) });
      return undefined;
    }
  }

  setKinds(kinds: readonly string[]): void {
    void this.resetTimeline(kinds, null);
  }

  search(text: string): void {
    this.store.dispatch({ type: 'timeline/search', text });
  }

  select(seq: number | null): void {
    this.store.dispatch({ type: 'timeline/select', seq });
  }

  setFollow(follow: boolean): void {
    this.store.dispatch({ type: 'timeline/follow', follow });
  }

  /** Brings event `seq` into view: at once when loaded, otherwise by loading the pages around it. */
  jumpTo(seq: number): void {
    if (indexOfSeq(this.state.timeline.window, seq) >= 0) this.store.dispatch({ type: 'timeline/reveal', seq });
    else void this.resetTimeline(this.state.timeline.kinds, seq);
  }

  /** Back to the newest events, following live ones. */
  jumpToLatest(): void {
    const { timeline } = this.state;
    if (timeline.hasNewer) void this.resetTimeline(timeline.kinds, null);
    else this.store.dispatch({ type: 'timeline/follow', follow: true });
  }

  runAction(action: RunAction): Promise<void> {
    return this.withOutcome(`${action[0]!.toUpperCase()}${action.slice(1)}`, () => this.requester.request({ method: 'action', action }));
  }

  decide(approvalId: string, decision: ApprovalDecision): Promise<void> {
    const label = decision === 'deny' ? 'Deny' : decision === 'approve_always' ? 'Approve always' : 'Approve';
    return this.withOutcome(label, () => this.requester.request({ method: 'decideApproval', approval_id: approvalId, decision }));
  }

  private async withOutcome(label: string, send: () => Promise<RunResult<'action'>>): Promise<void> {
    const id = `outcome-${++this.outcomeSerial}`;
    this.store.dispatch({ type: 'outcome/pending', id, label });
    try {
      this.store.dispatch({ type: 'outcome/receipt', id, receipt: await send() });
    } catch (error) {
      this.store.dispatch({ type: 'outcome/failed', id, error: asWebviewError(error) });
    }
  }

  /** Opens a diff, the terminal, the workspace or the tracker; a refusal is reported as an outcome. */
  private async open(label: string, send: () => Promise<OpenOutcome>): Promise<void> {
    let error: WebviewError | null = null;
    try {
      const outcome = await send();
      if (!outcome.opened) error = { code: 'not_opened', message: outcome.message ?? 'nothing to open' };
    } catch (caught) {
      error = asWebviewError(caught);
    }
    if (!error) return;
    const id = `outcome-${++this.outcomeSerial}`;
    this.store.dispatch({ type: 'outcome/pending', id, label });
    this.store.dispatch({ type: 'outcome/failed', id, error });
  }

  openDiff(path: string): Promise<void> {
    return this.open(`Diff ${path}`, () => this.requester.request({ method: 'openDiff', path }));
  }

  openIn(what: 'terminal' | 'workspace' | 'tracker'): Promise<void> {
    return this.open(`Open ${what}`, () => this.requester.request({ method: 'open', what }));
  }

  dispose(): void {
    for (const throttle of Object.values(this.throttles)) throttle.cancel();
  }
}
