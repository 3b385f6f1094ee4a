import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { DashboardSnapshotSchema, EventTypes } from '../../../../host/protocol/index.ts';
import type { Issue } from '../../../../host/protocol/index.ts';
import { OrchestratorEventTypes } from '../../../../host/orchestrator/orchestratorJournal.ts';
import { failureRetryDelayMs } from '../../../../host/orchestrator/retryPolicy.ts';
import { createHostBackend } from '../../../../host/composition/hostBackend.ts';
import { createGatewayServer } from '../../../../host/gateway/gatewayServer.ts';
import { GatewayClient } from '../../../../host/client/gatewayClient.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { completed, failedTurn, TurnGate, type TurnScript } from '../../../fakes/scriptedHarness.ts';
import { waitForEvent } from '../../../fakes/journalWaiter.ts';
import { OrchestratorFixture, ofIssue } from '../orchestrator/orchestratorFixture.ts';
import { tempDir } from './conformanceSupport.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const TOKEN = 'conformance-token-0123456789abcdef';

describe('Symphony §17.4 orchestrator dispatch, reconciliation and retry', () => {
  let fixture: OrchestratorFixture | undefined;
  const setup = (issues: Issue[], script: TurnScript, frontMatter: Record<string, unknown> = {}) => (fixture = new OrchestratorFixture({ issues, script, frontMatter }));
  afterEach(async () => { await fixture?.dispose(); fixture = undefined; });
  const dispatched = () => fixture!.orchestrator.runsList().map((run) => run.issue_identifier);

  it('17.4.1 dispatch sorts by priority (1–4, others last), then oldest creation, then identifier', async () => {
    const gate = new TurnGate();
    setup([
      anIssue({ identifier: 'N-5', priority: 5, created_at: '2026-01-01T00:00:00Z' }),
      anIssue({ identifier: 'N-none', priority: null, created_at: '2025-01-01T00:00:00Z' }),
      anIssue({ identifier: 'N-2', priority: 2, created_at: '2026-01-01T00:00:00Z' }),
      anIssue({ identifier: 'N-1-new', priority: 1, created_at: '2026-03-01T00:00:00Z' }),
      anIssue({ identifier: 'N-1-old', priority: 1, created_at: '2026-02-01T00:00:00+05:00' }),
      anIssue({ identifier: 'N-1-b', priority: 1, created_at: null }),
      anIssue({ identifier: 'N-1-a', priority: 1, created_at: null }),
    ], gate.script);
    await fixture!.orchestrator.tick();
    assert.deepEqual(dispatched(), ['N-1-old', 'N-1-new', 'N-1-a', 'N-1-b', 'N-2', 'N-none', 'N-5']);
  });

  it('17.4.2 a Todo issue with a non-terminal blocker is not eligible; one whose blockers are all terminal is', async () => {
    setup([
      anIssue({ identifier: 'B-1', blocked_by: [{ id: 'X-1', identifier: 'X-1', state: 'In Progress' }] }),
      anIssue({ identifier: 'B-2', blocked_by: [{ id: 'X-2', identifier: 'X-2', state: 'Done' }, { id: 'X-3', identifier: 'X-3', state: 'Cancelled' }] }),
    ], async () => completed);
    await fixture!.orchestrator.tick();
    assert.deepEqual(dispatched(), ['B-2']);
  });

  it('17.4.3 required-label filtering ignores case and surrounding whitespace; a blank required label matches nothing', async () => {
    setup([anIssue({ identifier: 'L-1', labels: ['agent', 'backend'] }), anIssue({ identifier: 'L-2', labels: ['backend'] })], async () => completed,
      { tracker: { required_labels: ['  AGENT ', 'Backend'] } });
    await fixture!.orchestrator.tick();
    assert.deepEqual(dispatched(), ['L-1']);
    fixture!.reconfigure({ tracker: { required_labels: ['agent', '  '] } });
    fixture!.tracker.set(anIssue({ identifier: 'L-3', labels: ['agent'] }));
    await fixture!.orchestrator.tick();
    assert.ok(!dispatched().includes('L-3'));
  });

  it('17.4.4 a refresh that finds the issue still active updates the running entry\'s state', async () => {
    const gate = new TurnGate();
    setup([anIssue({ identifier: 'R-4', state: 'Todo', url: 'https://tracker/R-4' })], gate.script);
    await fixture!.orchestrator.tick();
    await fixture!.harness.waitForTurns(1);
    fixture!.tracker.update('R-4', { state: 'In Progress' });
    await fixture!.orchestrator.tick();
    const [row] = fixture!.orchestrator.runningRows();
    assert.equal(row?.state, 'In Progress');
    assert.equal(row?.issue_url, 'https://tracker/R-4');
  });

  it('17.4.5 a non-active state stops the agent and keeps the workspace', async () => {
    const gate = new TurnGate();
    setup([anIssue({ identifier: 'R-5' })], gate.script);
    await fixture!.orchestrator.tick();
    await fixture!.harness.waitForTurns(1);
    fixture!.tracker.update('R-5', { state: 'Human Review' });
    await fixture!.orchestrator.tick();
    const stopped = await fixture!.runEvent(OrchestratorEventTypes.runCancelled, ofIssue('R-5'));
    assert.equal(stopped.stop_reason, 'issue_inactive');
    assert.equal(fixture!.harness.sessionsDisposed, 1);
    assert.ok(existsSync(stopped.workspace_path!));
    assert.equal(fixture!.orchestrator.claimState('R-5'), 'unclaimed', 'released, no retry');
  });

  it('17.4.6 a terminal state stops the agent and cleans the workspace (before_remove first)', async () => {
    const gate = new TurnGate();
    setup([anIssue({ identifier: 'R-6' })], gate.script, { hooks: { before_remove: 'echo "$PWD" > ../removed.log' } });
    await fixture!.orchestrator.tick();
    await fixture!.harness.waitForTurns(1);
    fixture!.tracker.update('R-6', { state: 'Done' });
    await fixture!.orchestrator.tick();
    const stopped = await fixture!.runEvent(OrchestratorEventTypes.runCancelled, ofIssue('R-6'));
    assert.equal(stopped.stop_reason, 'issue_terminal');
    await waitForEvent(fixture!.journal, (event) => event.type === OrchestratorEventTypes.workspaceRemoved);
    assert.ok(!existsSync(stopped.workspace_path!));
    assert.equal(readFileSync(join(fixture!.workspaceRoot, 'removed.log'), 'utf8').trim(), stopped.workspace_path);
  });

  it('17.4.7 reconciliation with nothing running is a no-op', async () => {
    setup([anIssue({ identifier: 'R-7', state: 'Backlog' })], async () => completed);
    await fixture!.orchestrator.tick();
    await fixture!.orchestrator.tick();
    assert.ok(!fixture!.tracker.calls.some((call) => call.startsWith('fetchIssuesByIds')), 'no refresh call without running issues');
    await waitForEvent(fixture!.journal, (event) => event.type === EventTypes.trackerSynced);
    assert.deepEqual(fixture!.events().map((event) => event.type), [EventTypes.trackerSynced], 'nothing but the first sync was journaled');
  });

  it('17.4.8 a normal worker exit schedules the continuation retry: attempt 1 after 1000 ms', async () => {
    setup([anIssue({ identifier: 'R-8' })], async () => completed, { agent: { max_turns: 1 } });
    const start = fixture!.clock.now();
    await fixture!.orchestrator.tick();
    const exited = await fixture!.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('R-8'));
    assert.deepEqual(exited.retry, { kind: 'continuation', attempt: 1, due_at: iso(start + 1_000), error: null });
    await fixture!.advance(999);
    assert.equal(fixture!.orchestrator.runsList().length, 1);
    await fixture!.advance(1);
    assert.equal(fixture!.orchestrator.runsList().at(-1)?.attempt, 1, 'still active, so a new worker continues it');
  });

  it('17.4.9 an abnormal exit retries with 10 s-based exponential backoff', async () => {
    setup([anIssue({ identifier: 'R-9' })], async () => failedTurn('boom'));
    const start = fixture!.clock.now();
    await fixture!.orchestrator.tick();
    const delays: number[] = [];
    let elapsed = 0;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const retrying = await fixture!.runEvent(OrchestratorEventTypes.runRetrying, (run) => run.retry?.attempt === attempt);
      assert.equal(retrying.retry?.error, 'worker exited: turn_failed: boom');
      delays.push(Date.parse(retrying.retry!.due_at) - (start + elapsed));
      elapsed += delays.at(-1)!;
      await fixture!.advance(delays.at(-1)!);
    }
    assert.deepEqual(delays, [10_000, 20_000, 40_000]);
  });

  it('17.4.10 the backoff is capped by agent.max_retry_backoff_ms: min(10000·2^(attempt−1), cap)', async () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 60].map((attempt) => failureRetryDelayMs(attempt, 300_000)), [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
    setup([anIssue({ identifier: 'R-10' })], async () => failedTurn('boom'), { agent: { max_retry_backoff_ms: 15_000 } });
    await fixture!.orchestrator.tick();
    await fixture!.runEvent(OrchestratorEventTypes.runRetrying, (run) => run.retry?.attempt === 1);
    const before = fixture!.clock.now();
    await fixture!.advance(10_000);
    const second = await fixture!.runEvent(OrchestratorEventTypes.runRetrying, (run) => run.retry?.attempt === 2);
    assert.equal(Date.parse(second.retry!.due_at) - (before + 10_000), 15_000);
  });

  it('17.4.11 retry entries carry the attempt, due time, identifier and error', async () => {
    setup([anIssue({ identifier: 'R-11', url: 'https://tracker/R-11' })], async () => failedTurn('boom'));
    await fixture!.orchestrator.tick();
    const retrying = await fixture!.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('R-11'));
    assert.deepEqual(fixture!.orchestrator.retryRows(), [{
      run_id: retrying.id, issue_id: 'R-11', issue_identifier: 'R-11', issue_url: 'https://tracker/R-11',
      kind: 'failure', attempt: 1, due_at: iso(fixture!.clock.now() + 10_000), error: 'worker exited: turn_failed: boom',
    }]);
  });

  it('17.4.12 stall detection kills a silent session and schedules a retry; stall_timeout_ms <= 0 disables it', async () => {
    const gate = new TurnGate();
    setup([anIssue({ identifier: 'R-12' })], gate.script, { codex: { stall_timeout_ms: 60_000 } });
    await fixture!.orchestrator.tick();
    await fixture!.harness.waitForTurns(1);
    fixture!.clock.advance(60_000);
    await fixture!.orchestrator.tick();
    assert.equal(fixture!.orchestrator.runningRows().length, 1, 'exactly the timeout is not yet a stall');
    fixture!.clock.advance(1);
    await fixture!.orchestrator.tick();
    const stalled = await fixture!.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('R-12'));
    assert.equal(stalled.stop_reason, 'stalled');
    assert.equal(stalled.error, 'stalled: no agent activity for 60001 ms');
    assert.equal(stalled.retry?.attempt, 1);
    assert.equal(fixture!.harness.sessionsDisposed, 1, 'the session was killed');
    fixture!.reconfigure({ codex: { stall_timeout_ms: 0 } });
    await fixture!.advance(10_000);
    await fixture!.harness.waitForTurns(2);
    fixture!.clock.advance(10 * 60_000);
    await fixture!.orchestrator.tick();
    assert.equal(fixture!.orchestrator.runningRows().length, 1, 'disabled: no stall however long the silence');
  });

  it('17.4.13 when no slot is free a due retry is requeued with "no available orchestrator slots"', async () => {
    const gate = new TurnGate();
    setup([anIssue({ identifier: 'S-1', priority: 1 }), anIssue({ identifier: 'S-2', priority: 2 })],
      (sink, input, signal) => input.includes('S-1') ? Promise.resolve(failedTurn('boom')) : gate.script(sink, input, signal),
      { agent: { max_concurrent_agents: 1 } });
    await fixture!.orchestrator.tick();
    await fixture!.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('S-1'));
    await fixture!.orchestrator.tick();
    assert.equal(fixture!.orchestrator.runningRows()[0]?.issue_identifier, 'S-2');
    const dueAt = fixture!.clock.now() + 10_000;
    await fixture!.advance(10_000);
    const requeued = await fixture!.runEvent(OrchestratorEventTypes.runRetrying, (run) => run.retry?.error === 'no available orchestrator slots');
    assert.deepEqual(requeued.retry, { kind: 'failure', attempt: 2, due_at: iso(dueAt + 20_000), error: 'no available orchestrator slots' });
  });

  it('17.4.14 the snapshot has running rows, retry rows, token totals and rate limits', async () => {
    const gate = new TurnGate();
    setup([anIssue({ identifier: 'V-1', priority: 1 }), anIssue({ identifier: 'V-2', priority: 2 })], async (sink, input, signal) => {
      sink.event({ type: EventTypes.tokensUpdated, summary: '', payload: { thread_id: input, turn_id: 'turn-7', input_tokens: 10, output_tokens: 5, total_tokens: 15 } });
      sink.event({ type: EventTypes.agentMessage, summary: 'Working on it', payload: { text: 'Working on it' } });
      sink.event({ type: EventTypes.agentNotification, summary: 'limits', payload: { method: 'account/rateLimits/updated', params: { rateLimits: { primary: { usedPercent: 12 } } } } });
      return input.includes('V-2') ? failedTurn('boom') : gate.script(sink, input, signal);
    });
    await fixture!.orchestrator.tick();
    await fixture!.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('V-2'));
    await fixture!.harness.waitForTurns(2);
    fixture!.clock.advance(3_000);
    const backend = createHostBackend({
      journal: fixture!.journal, orchestrator: fixture!.orchestrator, approvals: fixture!.approvals,
      workflowStatus: () => ({ path: '/virtual/WORKFLOW.md', loaded_at: null, error: null }), trackerKind: () => 'memory', isReady: () => true,
    });
    const snapshot = DashboardSnapshotSchema.parse(backend.snapshot());
    assert.deepEqual(snapshot.running?.map((row) => [row.issue_identifier, row.turn_count, row.last_event, row.last_message, row.session_id, row.tokens.total_tokens, row.seconds_running]),
      [['V-1', 1, EventTypes.agentNotification, 'Working on it', 'Work on V-1: Title of V-1-turn-7', 15, 3]]);
    assert.equal(snapshot.running?.[0]?.started_at, iso(fixture!.clock.now() - 3_000));
    assert.deepEqual(snapshot.retrying?.map((row) => [row.issue_identifier, row.attempt, row.error]), [['V-2', 1, 'worker exited: turn_failed: boom']]);
    assert.deepEqual(snapshot.codex_totals, { input_tokens: 20, output_tokens: 10, total_tokens: 30, seconds_running: 3 });
    assert.deepEqual(snapshot.rate_limits, { rateLimits: { primary: { usedPercent: 12 } } });
    assert.equal(snapshot.counts.retrying, 1);
  });

  it('17.4.15 the snapshot API surfaces "unavailable" while the host is not ready, and a client timeout when it does not answer', async (t) => {
    setup([], async () => completed);
    const dir = tempDir(t);
    const backend = createHostBackend({
      journal: fixture!.journal, orchestrator: fixture!.orchestrator, approvals: fixture!.approvals,
      workflowStatus: () => ({ path: '/virtual/WORKFLOW.md', loaded_at: null, error: null }), trackerKind: () => 'memory', isReady: () => false,
    });
    const gateway = createGatewayServer({ journal: fixture!.journal, backend, token: TOKEN });
    await gateway.listen({ socketPath: join(dir, 'gateway.sock') });
    t.after(() => gateway.close());
    const client = new GatewayClient({ socketPath: join(dir, 'gateway.sock'), token: TOKEN });
    t.after(() => client.dispose());
    await assert.rejects(client.snapshot(), (error: { code?: string; status?: number }) => error.code === 'unavailable' && error.status === 503);

    const silent = createServer(() => { /* never answers */ });
    await new Promise<void>((resolve) => silent.listen(join(dir, 'silent.sock'), resolve));
    t.after(() => { silent.closeAllConnections(); silent.close(); });
    const impatient = new GatewayClient({ socketPath: join(dir, 'silent.sock'), token: TOKEN, requestTimeoutMs: 100 });
    t.after(() => impatient.dispose());
    await assert.rejects(impatient.snapshot(), (error: { code?: string }) => error.code === 'gateway_timeout');
  });
});
