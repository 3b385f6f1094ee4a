import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { presentIssue, type IssueRowInput } from '../../../extension/views/issuePresentation.ts';
import type { IssueRuntime, Run } from '../../../host/protocol/index.ts';
import { anIssue } from '../../fakes/issueBuilder.ts';
import { aRun, aRuntime } from '../../fakes/taskGraphBuilders.ts';

const NOW = Date.parse('2026-11-21T12:10:00.000Z');

function row(overrides: { run?: Partial<Run>; runtime?: Partial<IssueRuntime>; needsApproval?: boolean; url?: string } = {}): IssueRowInput {
  return {
    issue: anIssue({ identifier: 'A-1', state: 'Todo', url: overrides.url ?? null }),
    runtime: aRuntime(overrides.runtime),
    run: overrides.run ? aRun(overrides.run) : undefined,
    needsApproval: overrides.needsApproval ?? false,
    now: NOW,
  };
}

const blocker = (identifier: string, terminal: boolean) => ({ id: identifier, identifier, state: terminal ? 'Done' : 'Todo', terminal });

describe('issue row overlay', () => {
  it('an issue without runs shows its tracker state', () => {
    assert.deepEqual(presentIssue(row()), { description: 'Todo', icon: { id: 'circle-large-outline' }, contextValue: 'issue.idle' });
  });

  it('queued', () => {
    const shown = presentIssue(row({ run: { state: 'queued' } }));
    assert.equal(shown.description, 'queued');
    assert.equal(shown.icon.id, 'clock');
  });

  it('running shows elapsed time and turn n/max', () => {
    const shown = presentIssue(row({ run: { state: 'running', started_at: '2026-11-21T12:07:55.000Z', turn_count: 3, max_turns: 20 } }));
    assert.equal(shown.description, 'running · 2m 5s · turn 3/20');
    assert.equal(shown.icon.id, 'sync~spin');
  });

  it('a paused run says so from the task graph alone, before its run is loaded', () => {
    const active_run = { id: 'r1', state: 'running' as const, attempt: 1, turn: 2, max_turns: 5, queued_at: null, started_at: '2026-11-21T12:09:00.000Z', terminal_stream_id: null, paused: true };
    const shown = presentIssue(row({ runtime: { status: 'running', active_run } }));
    assert.equal(shown.description, 'paused · 1m 0s · turn 2/5');
    assert.equal(shown.icon.id, 'debug-pause');
  });

  it('a paused run says so', () => {
    const shown = presentIssue(row({ run: { state: 'running', paused: true, started_at: '2026-11-21T12:09:50.000Z', turn_count: 1, max_turns: 5 } }));
    assert.equal(shown.description, 'paused · 10s · turn 1/5');
    assert.equal(shown.icon.id, 'debug-pause');
  });

  it('retry in Ns (attempt n), with the reason', () => {
    const shown = presentIssue(row({ run: { state: 'retrying', retry: { kind: 'failure', attempt: 3, due_at: '2026-11-21T12:10:41.500Z', error: 'turn_timeout' } } }));
    assert.equal(shown.description, 'retry in 42s (attempt 3) · turn_timeout');
  });

  it('blocked by the blockers that are not done', () => {
    const shown = presentIssue(row({ runtime: { status: 'blocked', blockers: [blocker('A-7', false), blocker('A-8', true), blocker('A-9', false)] } }));
    assert.equal(shown.description, 'blocked by A-7, A-9');
    assert.equal(shown.icon.id, 'lock');
    assert.equal(shown.contextValue, 'issue.idle.blocked');
  });

  it('blockers that are all done, or an issue that is done, are not "blocked"', () => {
    assert.equal(presentIssue(row({ runtime: { blockers: [blocker('A-8', true)] } })).description, 'Todo');
    assert.equal(presentIssue(row({ runtime: { status: 'done', blockers: [blocker('A-7', false)] } })).description, 'Todo');
  });

  it('needs approval wins over the run state', () => {
    const shown = presentIssue(row({ run: { state: 'running' }, needsApproval: true }));
    assert.equal(shown.description, 'needs approval');
    assert.equal(shown.icon.id, 'bell-dot');
  });

  it('failed (reason), completed and cancelled (reason)', () => {
    assert.equal(presentIssue(row({ run: { state: 'failed', error: 'turn_timeout' } })).description, 'failed: turn_timeout');
    assert.equal(presentIssue(row({ run: { state: 'completed' } })).description, 'completed');
    assert.equal(presentIssue(row({ run: { state: 'cancelled', stop_reason: 'operator_cancel' } })).description, 'cancelled: operator cancel');
  });

  it('a live run wins over blockers; blockers win over how the last run ended', () => {
    const blocked = { status: 'blocked' as const, blockers: [blocker('A-7', false)] };
    assert.equal(presentIssue(row({ run: { state: 'queued' }, runtime: blocked })).description, 'queued');
    assert.equal(presentIssue(row({ run: { state: 'failed', error: 'x' }, runtime: blocked })).description, 'blocked by A-7');
  });

  it('without a run in the stream, the overlay of the task graph is shown', () => {
    const started = '2026-11-21T12:09:00.000Z';
    const active = { id: 'r', state: 'running' as const, attempt: null, turn: 2, max_turns: 9, queued_at: null, started_at: started, terminal_stream_id: null };
    assert.equal(presentIssue(row({ runtime: { status: 'running', active_run: active } })).description, 'running · 1m 0s · turn 2/9');
    assert.equal(presentIssue(row({ runtime: { status: 'queued', active_run: { ...active, state: 'queued' } } })).description, 'queued');
    const retry = { kind: 'failure', attempt: 2, due_at: '2026-11-21T12:10:05.000Z', error: null };
    assert.equal(presentIssue(row({ runtime: { status: 'retrying', retry } })).description, 'retry in 5s (attempt 2)');
    const outcome = { run_id: 'r', state: 'failed' as const, error: 'stalled', ended_at: null };
    assert.equal(presentIssue(row({ runtime: { last_outcome: outcome } })).description, 'failed: stalled');
  });
});
