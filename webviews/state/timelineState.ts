import type { EventEnvelope } from '../../host/protocol/envelope.ts';
import type { EventDirection } from '../../host/protocol/runView.ts';
import type { WebviewError } from '../../host/protocol/webviewBridge.ts';
import type { EventWindow } from './eventWindow.ts';
import { appendEvents, emptyWindow, indexOfSeq, prependEvents, trimNewest, trimOldest } from './eventWindow.ts';
import { typesOfKinds } from './eventKinds.ts';

/**
 * The event timeline: a bounded window of loaded events that pages in from the gateway (backward
 * from the newest, or around an event the user jumped to), follows live events while it reaches
 * the newest, and forgets the far end when it grows past `maxLoaded`.
 */
export interface TimelineState {
  readonly window: EventWindow<EventEnvelope>;
  /** Bumped on every reset; pages answering an older generation are ignored. */
  readonly generation: number;
  /** Selected filter kinds (eventKinds.ts); empty for every event. */
  readonly kinds: readonly string[];
  readonly types: readonly string[] | null;
  readonly hasOlder: boolean;
  /** False while the window reaches the run's newest event: live events are appended then. */
  readonly hasNewer: boolean;
  readonly loadingOlder: boolean;
  readonly loadingNewer: boolean;
  readonly error: WebviewError | null;
  /** Keep the newest event in view as live events arrive. */
  readonly follow: boolean;
  readonly selectedSeq: number | null;
  /** A request to bring an event into view; `serial` changes on every request. */
  readonly scrollRequest: { readonly seq: number; readonly serial: number } | null;
  readonly search: string;
  /** Live events that matched the filter but are not loaded because the window stops short of the newest. */
  readonly unseenLive: number;
}

export interface TimelineOptions {
  /** Events per page request. */
  pageSize: number;
  /** Most events kept loaded; the far end is dropped (and paged in again when scrolled back to). */
  maxLoaded: number;
}

export const DEFAULT_TIMELINE_OPTIONS: TimelineOptions = { pageSize: 250, maxLoaded: 10_000 };

export type TimelineAction =
  | { type: 'timeline/reset'; kinds: readonly string[]; anchor: number | null }
  | { type: 'timeline/loading'; generation: number; direction: EventDirection }
  | {
    type: 'timeline/page'; generation: number; direction: EventDirection; events: readonly EventEnvelope[];
    /** More events lie beyond this page in its direction. */
    hasMore: boolean;
  }
  | { type: 'timeline/pageFailed'; generation: number; direction: EventDirection; error: WebviewError }
  | { type: 'timeline/live'; events: readonly EventEnvelope[] }
  | { type: 'timeline/follow'; follow: boolean }
  | { type: 'timeline/select'; seq: number | null }
  | { type: 'timeline/reveal'; seq: number }
  | { type: 'timeline/search'; text: string };

export function initialTimeline(kinds: readonly string[] = []): TimelineState {
  return {
    window: emptyWindow(), generation: 0, kinds, types: typesOfKinds(kinds), hasOlder: true, hasNewer: false,
    loadingOlder: false, loadingNewer: false, error: null, follow: true, selectedSeq: null, scrollRequest: null, search: '', unseenLive: 0,
  };
}

/** Whether `event` passes the timeline's kind filter. */
export function matchesTypes(types: readonly string[] | null, event: EventEnvelope): boolean {
  return types === null || types.includes(event.type);
}

export function timelineReducer(state: TimelineState, action: TimelineAction, options: TimelineOptions = DEFAULT_TIMELINE_OPTIONS): TimelineState {
  switch (action.type) {
    case 'timeline/reset': return reset(state, action.kinds, action.anchor);
    case 'timeline/loading':
      if (action.generation !== state.generation) return state;
      return action.direction === 'backward' ? { ...state, loadingOlder: true, error: null } : { ...state, loadingNewer: true, error: null };
    case 'timeline/page': return action.generation === state.generation ? pageLoaded(state, action, options) : state;
    case 'timeline/pageFailed':
      if (action.generation !== state.generation) return state;
      return { ...state, error: action.error, ...(action.direction === 'backward' ? { loadingOlder: false } : { loadingNewer: false }) };
    case 'timeline/live': return live(state, action.events, options);
    case 'timeline/follow': return state.follow === action.follow ? state : { ...state, follow: action.follow };
    case 'timeline/select': return state.selectedSeq === action.seq ? state : { ...state, selectedSeq: action.seq };
    case 'timeline/reveal':
      return { ...state, selectedSeq: action.seq, follow: false, scrollRequest: { seq: action.seq, serial: (state.scrollRequest?.serial ?? 0) + 1 } };
    case 'timeline/search': return state.search === action.text ? state : { ...state, search: action.text };
  }
}

function reset(state: TimelineState, kinds: readonly string[], anchor: number | null): TimelineState {
  return {
    ...state,
    window: emptyWindow(),
    generation: state.generation + 1,
    kinds,
    types: typesOfKinds(kinds),
    hasOlder: true,
    hasNewer: anchor !== null,
    loadingOlder: false,
    loadingNewer: false,
    error: null,
    follow: anchor === null,
    selectedSeq: anchor ?? state.selectedSeq,
    scrollRequest: anchor === null ? null : { seq: anchor, serial: (state.scrollRequest?.serial ?? 0) + 1 },
    unseenLive: 0,
  };
}

function pageLoaded(state: TimelineState, action: Extract<TimelineAction, { type: 'timeline/page' }>, options: TimelineOptions): TimelineState {
  const events = action.events.filter((event) => matchesTypes(state.types, event));
  const full = action.hasMore;
  if (action.direction === 'backward') {
    const grown = prependEvents(state.window, events);
    const window = trimNewest(grown, options.maxLoaded);
    const trimmed = window !== grown;
    return { ...state, window, hasOlder: full, loadingOlder: false, hasNewer: state.hasNewer || trimmed, follow: state.follow && !trimmed };
  }
  const grown = appendEvents(state.window, events);
  const window = trimOldest(grown, options.maxLoaded);
  return { ...state, window, hasNewer: full, loadingNewer: false, hasOlder: state.hasOlder || window !== grown, unseenLive: full ? state.unseenLive : 0 };
}

function live(state: TimelineState, events: readonly EventEnvelope[], options: TimelineOptions): TimelineState {
  const matching = events.filter((event) => matchesTypes(state.types, event));
  if (matching.length === 0) return state;
  if (state.hasNewer) return { ...state, unseenLive: state.unseenLive + matching.length };
  // A reader scrolled up keeps what they look at: once the window is full, newer events wait to be paged in.
  if (!state.follow && state.window.length + matching.length > options.maxLoaded) {
    return { ...state, hasNewer: true, unseenLive: state.unseenLive + matching.length };
  }
  const grown = appendEvents(state.window, matching);
  if (grown === state.window) return state;
  const window = state.follow ? trimOldest(grown, options.maxLoaded) : grown;
  return { ...state, window, hasOlder: state.hasOlder || window !== grown };
}

/** Whether the event with `seq` is loaded. */
export function isLoaded(state: TimelineState, seq: number): boolean {
  return indexOfSeq(state.window, seq) >= 0;
}
