import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { RunViewAction, RunViewState } from '../../../webviews/state/runState.ts';
import { initialRunState, isStale, runReducer } from '../../../webviews/state/runState.ts';
import { fromSavedState, toSavedState } from '../../../webviews/state/runPersistence.ts';
import { timelineRows } from '../../../webviews/state/timelineRows.ts';
import { aDetail, anEvent, aRun, eventRange } from './webviewBuilders.ts';

const target = { folder: 'file:///repo', run_id: 'run-1' };
const run = (state: RunViewState, ...actions: RunViewAction[]) => actions.reduce((current, action) => runReducer(current, action), state);
const approval = (state: 'pending' | 'approved') => ({
  id: 'approval-1', run_id: 'run-1', issue_id: 'issue-1', issue_identifier: 'DEMO-1', kind: 'command' as const, command: 'echo hi', cwd: null,
  files: [], reason: null, state, requested_at: '2025-01-01T00:00:05.000Z', decided_at: null,
});

describe('run panel reducer', () => {
  it('folds live run and approval events into the detail, once each', () => {
    let state = run(initialRunState(), { type: 'init', target }, { type: 'resource/loaded', key: 'detail', value: aDetail() });
    const events = [
      anEvent(11, 'approval.requested', { approval: approval('pending') }),
      anEvent(12, 'run.completed', { run: aRun({ state: 'completed', turn_count: 2 }) }),
      anEvent(13, 'approval.resolved', { approval: approval('approved') }),
    ];
    state = run(state, { type: 'live', events }, { type: 'live', events });
    const detail = state.detail.value!;
    assert.equal(detail.run.state, 'completed');
    assert.equal(detail.run.turn_count, 2);
    assert.deepEqual(detail.approvals.map((known) => known.state), ['approved']);
    assert.equal(detail.event_count, 13);
    assert.equal(detail.last_event_seq, 13);
  });

  it('keeps live events that arrived while a fresh detail was read', () => {
    let state = run(initialRunState(target), { type: 'resource/loaded', key: 'detail', value: aDetail() }, { type: 'timeline/reset', kinds: [], anchor: null });
    state = run(state, { type: 'timeline/page', generation: state.timeline.generation, direction: 'backward', events: [], hasMore: false });
    state = run(state, { type: 'live', events: [anEvent(11, 'run.completed', { run: aRun({ state: 'completed' }) })] });
    state = run(state, { type: 'resource/loaded', key: 'detail', value: aDetail() });
    assert.equal(state.detail.value?.run.state, 'completed', 'the detail read before seq 11 does not undo it');
    assert.equal(state.detail.value?.last_event_seq, 11);
  });

  it('ignores run events of other runs and malformed payloads', () => {
    let state = run(initialRunState(target), { type: 'resource/loaded', key: 'detail', value: aDetail() });
    state = run(state, { type: 'live', events: [anEvent(11, 'run.failed', { run: aRun({ id: 'other', state: 'failed' }) }), anEvent(12, 'run.failed', { run: { id: 'run-1' } })] });
    assert.equal(state.detail.value!.run.state, 'running');
  });

  it('is stale until the relay is live, and while it is not', () => {
    let state = initialRunState(target);
    assert.equal(isStale(state), true);
    state = run(state, { type: 'stream', status: 'live', message: null });
    assert.equal(isStale(state), false);
    state = run(state, { type: 'stream', status: 'reconnecting', message: 'host restarting' });
    assert.equal(isStale(state), true);
  });

  it('keeps the last good value when a refresh fails', () => {
    let state = run(initialRunState(target), { type: 'resource/loaded', key: 'files', value: { schema_version: 1, run_id: 'run-1', workspace_path: '/ws', source: 'events', base_ref: null, files: [{ path: 'a.txt', status: 'added' }] } });
    state = run(state, { type: 'resource/loading', key: 'files' }, { type: 'resource/failed', key: 'files', error: { code: 'not_found', message: 'gone' } });
    assert.equal(state.files.value?.files.length, 1);
    assert.equal(state.files.error?.code, 'not_found');
  });

  it('records action outcomes from their receipts, newest first', () => {
    const receipt = (accepted: boolean) => ({ schema_version: 1, action_id: 'a', correlation_id: 'c', idempotency_key: 'k', action: 'cancel', accepted, reason: accepted ? null : 'run already ended', expected_events: [], result: null });
    const state = run(initialRunState(target),
      { type: 'outcome/pending', id: 'o1', label: 'Cancel' }, { type: 'outcome/receipt', id: 'o1', receipt: receipt(false) },
      { type: 'outcome/pending', id: 'o2', label: 'Pause' }, { type: 'outcome/receipt', id: 'o2', receipt: receipt(true) });
    assert.deepEqual(state.outcomes.map((outcome) => [outcome.label, outcome.status, outcome.message]), [['Pause', 'accepted', null], ['Cancel', 'rejected', 'run already ended']]);
  });

  it('saves a small state and restores it marked stale until the host answers', () => {
    let state = run(initialRunState(), { type: 'init', target }, { type: 'resource/loaded', key: 'detail', value: aDetail() }, { type: 'timeline/reset', kinds: ['message'], anchor: null });
    state = run(state, { type: 'timeline/page', generation: state.timeline.generation, direction: 'backward', events: eventRange(1, 500), hasMore: false }, { type: 'timeline/search', text: 'hello' });
    const saved = toSavedState(state)!;
    assert.equal(saved.tail.length, 50);
    assert.ok(JSON.stringify(saved).length < 40_000, 'the saved state stays small');
    const restored = fromSavedState(JSON.parse(JSON.stringify(saved)))!;
    assert.deepEqual(restored.target, target);
    assert.equal(restored.restored, true);
    assert.equal(isStale(restored), true);
    assert.deepEqual(restored.timeline.kinds, ['message']);
    assert.equal(restored.timeline.search, 'hello');
    assert.equal(restored.timeline.window.length, 50);
    assert.equal(run(restored, { type: 'init', target }), restored, 'the same run keeps what it restored');
    assert.equal(run(restored, { type: 'resource/loaded', key: 'detail', value: aDetail() }).restored, false);
    assert.equal(fromSavedState({ version: 2 }), undefined, 'anything else starts fresh');
  });

  it('a panel initialised for another run starts over', () => {
    const state = run(initialRunState(target), { type: 'resource/loaded', key: 'detail', value: aDetail() }, { type: 'init', target: { ...target, run_id: 'run-2' } });
    assert.equal(state.detail.value, null);
    assert.equal(state.target?.run_id, 'run-2');
  });
});

describe('timeline rows', () => {
  it('searches the loaded events by type, summary and payload', () => {
    let state = run(initialRunState(target), { type: 'timeline/reset', kinds: [], anchor: null });
    const events = [anEvent(1, 'agent.message', { text: 'Created greeting.txt' }), anEvent(2, 'tokens.updated', { total_tokens: 5 }), anEvent(3, 'approval.requested', { command: 'echo GREETING' })];
    state = run(state, { type: 'timeline/page', generation: state.timeline.generation, direction: 'backward', events, hasMore: false });
    const rows = timelineRows(state.timeline.window, 'greeting');
    assert.deepEqual([rows.at(0)?.seq, rows.at(1)?.seq], [1, 3]);
    assert.equal(rows.count, 2);
    assert.equal(rows.lowerBound(2), 1);
    assert.equal(timelineRows(state.timeline.window, '').count, 3);
  });
});
