import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { EventEnvelope } from '../../../host/protocol/index.ts';
import { windowEvents } from '../../../webviews/state/eventWindow.ts';
import type { TimelineAction, TimelineOptions, TimelineState } from '../../../webviews/state/timelineState.ts';
import { initialTimeline, timelineReducer } from '../../../webviews/state/timelineState.ts';
import { anEvent, eventRange } from './webviewBuilders.ts';

const options: TimelineOptions = { pageSize: 100, maxLoaded: 300 };
const run = (state: TimelineState, ...actions: TimelineAction[]) => actions.reduce((current, action) => timelineReducer(current, action, options), state);
const seqsOf = (state: TimelineState) => windowEvents(state.window).map((event) => event.seq);
const page = (generation: number, direction: 'backward' | 'forward', events: EventEnvelope[]): TimelineAction => ({ type: 'timeline/page', generation, direction, events, hasMore: events.length >= 100 });

describe('timeline reducer', () => {
  it('pages backward from the newest and knows when the start is reached', () => {
    let state = run(initialTimeline(), { type: 'timeline/reset', kinds: [], anchor: null });
    const generation = state.generation;
    state = run(state, { type: 'timeline/loading', generation, direction: 'backward' }, page(generation, 'backward', eventRange(151, 250).reverse()));
    assert.equal(state.loadingOlder, false);
    assert.equal(state.hasOlder, true, 'a full page means there may be more');
    state = run(state, page(generation, 'backward', eventRange(101, 150)));
    assert.equal(state.hasOlder, false, 'a short page is the start of the history');
    assert.deepEqual(seqsOf(state), eventRange(101, 250).map((event) => event.seq));
  });

  it('ignores pages that answer an older generation (the filter changed meanwhile)', () => {
    let state = run(initialTimeline(), { type: 'timeline/reset', kinds: [], anchor: null });
    const stale = state.generation;
    state = run(state, { type: 'timeline/reset', kinds: ['approval'], anchor: null }, page(stale, 'backward', eventRange(1, 100)));
    assert.equal(state.window.length, 0);
  });

  it('appends live events while it reaches the newest, and counts them otherwise', () => {
    let state = run(initialTimeline(), { type: 'timeline/reset', kinds: [], anchor: null });
    state = run(state, page(state.generation, 'backward', eventRange(1, 50)), { type: 'timeline/live', events: eventRange(51, 60) });
    assert.equal(seqsOf(state).at(-1), 60);
    state = run(state, { type: 'timeline/reset', kinds: [], anchor: 20 }, { type: 'timeline/live', events: eventRange(61, 63) });
    assert.equal(state.hasNewer, true);
    assert.equal(state.unseenLive, 3);
    assert.equal(state.window.length, 0);
  });

  it('filters pages and live events by the selected kinds', () => {
    let state = run(initialTimeline(), { type: 'timeline/reset', kinds: ['approval'], anchor: null });
    const mixed = [anEvent(1, 'agent.message'), anEvent(2, 'approval.requested'), anEvent(3, 'run.started')];
    state = run(state, page(state.generation, 'backward', mixed), { type: 'timeline/live', events: [anEvent(4, 'approval.resolved'), anEvent(5, 'tokens.updated')] });
    assert.deepEqual(seqsOf(state), [2, 4]);
  });

  it('keeps at most maxLoaded events: older pages push out the newest, and then it is no longer live', () => {
    let state = run(initialTimeline(), { type: 'timeline/reset', kinds: [], anchor: null });
    const generation = state.generation;
    for (let top = 1000; top > 500; top -= 100) state = run(state, page(generation, 'backward', eventRange(top - 99, top)));
    assert.ok(state.window.length <= 400 && state.window.length >= 300, `window holds ${state.window.length}`);
    assert.equal(seqsOf(state)[0], 501);
    assert.equal(state.hasNewer, true, 'the newest events were dropped: page forward to see them again');
    assert.equal(state.follow, false);
    state = run(state, { type: 'timeline/live', events: [anEvent(1001)] });
    assert.equal(state.unseenLive, 1, 'live events wait until the window reaches the newest again');
  });

  it('a follower drops the oldest events as live ones arrive', () => {
    let state = run(initialTimeline(), { type: 'timeline/reset', kinds: [], anchor: null });
    state = run(state, page(state.generation, 'backward', eventRange(1, 100)));
    for (let from = 101; from <= 1000; from += 100) state = run(state, { type: 'timeline/live', events: eventRange(from, from + 99) });
    assert.ok(state.window.length <= 1300 && state.window.length >= 300);
    assert.equal(seqsOf(state).at(-1), 1000);
    assert.equal(state.hasOlder, true);
  });

  it('a reader scrolled up is not pushed around: once full, live events wait', () => {
    let state = run(initialTimeline(), { type: 'timeline/reset', kinds: [], anchor: null });
    state = run(state, page(state.generation, 'backward', eventRange(1, 100)), page(state.generation, 'backward', []), { type: 'timeline/follow', follow: false });
    state = run(state, { type: 'timeline/live', events: eventRange(101, 300) });
    assert.equal(state.window.length, 300);
    state = run(state, { type: 'timeline/live', events: eventRange(301, 310) });
    assert.equal(state.window.length, 300);
    assert.equal(state.hasNewer, true);
    assert.equal(state.unseenLive, 10);
  });

  it('a jump starts a window around the event and asks the list to scroll to it', () => {
    let state = run(initialTimeline(), { type: 'timeline/reset', kinds: [], anchor: 500 });
    assert.equal(state.selectedSeq, 500);
    assert.equal(state.scrollRequest?.seq, 500);
    state = run(state, page(state.generation, 'forward', eventRange(501, 550)), page(state.generation, 'backward', eventRange(401, 500)));
    assert.deepEqual([seqsOf(state)[0], seqsOf(state).at(-1)], [401, 550]);
    assert.equal(state.hasNewer, false, 'the forward page was short: the window reaches the newest');
  });

  it('records a failed page without losing what is loaded', () => {
    let state = run(initialTimeline(), { type: 'timeline/reset', kinds: [], anchor: null });
    state = run(state, page(state.generation, 'backward', eventRange(101, 200)), { type: 'timeline/loading', generation: state.generation, direction: 'backward' });
    state = run(state, { type: 'timeline/pageFailed', generation: state.generation, direction: 'backward', error: { code: 'gateway_unreachable', message: 'down' } });
    assert.equal(state.error?.code, 'gateway_unreachable');
    assert.equal(state.loadingOlder, false);
    assert.equal(state.window.length, 100);
  });
});
