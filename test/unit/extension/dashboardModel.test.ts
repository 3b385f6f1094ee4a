import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { DashboardSnapshot, Issue, Run } from '../../../host/protocol/index.ts';
import { blockedWork, buildFolderView, linearBudget, rateLimitLines, tokenSeries } from '../../../extension/panels/dashboardModel.ts';
import { RuntimeState } from '../../../extension/state/runtimeState.ts';

const issue = (identifier: string, state: string, blockers: { identifier: string; id: string; state: string }[] = []): Issue => ({
  id: `id-${identifier}`, identifier, title: `Title ${identifier}`, description: null, priority: null, state, branch_name: null, url: null, labels: [],
  parent_id: null, project_id: null, milestone_id: null, blocked_by: blockers, created_at: null, updated_at: null,
});

const run = (id: string, tokens: number, ended_at: string | null, state: Run['state'] = 'completed'): Run => ({
  id, issue_id: 'i', issue_identifier: 'DEMO-1', state, attempt: null, workspace_path: null, terminal_stream_id: id, thread_id: null, turn_count: 1, max_turns: 20,
  queued_at: '2025-01-01T00:00:00.000Z', started_at: '2025-01-01T00:00:01.000Z', ended_at, error: null, tokens: { input_tokens: 0, output_tokens: 0, total_tokens: tokens },
});

describe('dashboard model', () => {
  it('lists issues held back by a blocker that is not done, using the blocker\'s freshest state', () => {
    const issues = [
      issue('DEMO-3', 'In Progress'),
      issue('DEMO-4', 'Todo', [{ identifier: 'DEMO-3', id: 'id-DEMO-3', state: 'Todo' }]),
      issue('DEMO-5', 'Todo', [{ identifier: 'DEMO-9', id: 'id-DEMO-9', state: 'Done' }]),
      issue('DEMO-6', 'Done', [{ identifier: 'DEMO-3', id: 'id-DEMO-3', state: 'Todo' }]),
    ];
    assert.deepEqual(blockedWork(issues).map((blocked) => [blocked.identifier, blocked.blockers]), [['DEMO-4', ['DEMO-3']]]);
  });

  it('sums tokens over time as runs end; a running run counts now', () => {
    const now = new Date('2025-01-01T00:10:00.000Z');
    const series = tokenSeries([run('b', 200, '2025-01-01T00:05:00.000Z'), run('a', 100, '2025-01-01T00:02:00.000Z'), run('c', 50, null, 'running')], now);
    assert.deepEqual(series.map((point) => [point.at.slice(11, 16), point.total_tokens]), [['00:00', 0], ['00:02', 100], ['00:05', 300], ['00:10', 350]]);
    assert.deepEqual(tokenSeries([], now), []);
  });

  it('reads Linear\'s request budget from the tracker stats, and nothing from a tracker without them', () => {
    const budget = linearBudget({ requests: 12, failed_requests: 1, rate_limited_until: null, rate_limit: { requests: { limit: 2500, remaining: 2400, reset_at: Date.UTC(2025, 0, 1, 1) } } });
    assert.deepEqual(budget, { requests: 12, failed_requests: 1, limit: 2500, remaining: 2400, reset_at: '2025-01-01T01:00:00.000Z', rate_limited_until: null });
    assert.equal(linearBudget(null), null);
    assert.equal(linearBudget({ something: 'else' }), null);
  });

  it('builds a folder view with health, queues and recent events', () => {
    const state = new RuntimeState();
    const snapshot = {
      schema_version: 1, seq: 5, generated_at: '2025-01-01T00:00:00.000Z', workflow: { path: 'WORKFLOW.md', loaded_at: null, error: null },
      tracker: { kind: 'local', last_sync_at: '2025-01-01T00:00:00.000Z', error: null, stats: null }, issues: [issue('DEMO-1', 'Todo')], runs: [run('r1', 10, null, 'queued')],
      approvals: [], counts: { running: 0, queued: 1, pending_approvals: 0 }, codex_totals: { input_tokens: 1, output_tokens: 2, total_tokens: 3, seconds_running: 4 },
      rate_limits: null, running: [], retrying: [{ run_id: 'r0', issue_id: 'i', issue_identifier: 'DEMO-1', issue_url: null, kind: 'failure', attempt: 2, due_at: '2025-01-01T00:01:00.000Z', error: 'boom' }],
      preflight: { ok: false, errors: ['codex.command is empty'] },
    } satisfies DashboardSnapshot;
    state.loadSnapshot(snapshot);
    const view = buildFolderView({
      name: 'sample', key: 'file:///sample', hostState: 'ready', hostError: null, startToReadyMs: 900, streamStatus: 'connected', state, now: new Date('2025-01-01T00:00:30.000Z'),
      feed: { snapshot, snapshotAt: '2025-01-01T00:00:30.000Z', error: null, events: [{ id: 'e', seq: 5, schema_version: 1, type: 'run.queued', timestamp: '2025-01-01T00:00:00.000Z', actor: { kind: 'orchestrator' }, correlation_id: null, entity_refs: [{ kind: 'run', id: 'r1' }], summary: 'DEMO-1 queued', payload: {}, raw_ref: null }] },
    });
    assert.equal(view.queue_depth, 1);
    assert.equal(view.retrying[0]?.error, 'boom');
    assert.deepEqual([view.health.host.level, view.health.gateway.level, view.health.harness.level, view.health.tracker.level], ['ok', 'ok', 'error', 'ok']);
    assert.deepEqual(view.health.harness.details, ['codex.command is empty']);
    assert.deepEqual(view.recent_events.map((event) => [event.seq, event.run_id]), [[5, 'r1']]);
    assert.equal(view.totals.total_tokens, 3);
    assert.equal(view.linear_budget, null);
  });
});

describe('rate limit lines', () => {
  it('summarises the agent\'s rate-limit windows and tolerates shapes it does not know', () => {
    assert.deepEqual(rateLimitLines({ rateLimits: { primary: { usedPercent: 12.4, windowDurationMins: 300 }, secondary: null } }), ['model rate limit (primary): 12% used of the 5 h window']);
    assert.deepEqual(rateLimitLines({ something: 1 }), ['the agent reported rate limits']);
    assert.deepEqual(rateLimitLines(null), []);
  });
});
