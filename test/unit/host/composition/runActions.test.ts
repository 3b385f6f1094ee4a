import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RunActions } from '../../../../host/composition/runActions.ts';
import type { RunOrchestrator } from '../../../../host/composition/runActions.ts';
import type { Run } from '../../../../host/protocol/index.ts';

const context = { actionId: 'a1', correlationId: 'c1' };

function aRun(overrides: Partial<Run> = {}): Run {
  return {
    id: 'run-1', issue_id: 'OS-1', issue_identifier: 'OS-1', state: 'running', attempt: null, workspace_path: null, terminal_stream_id: 'run-run-1',
    thread_id: null, turn_count: 1, max_turns: 20, queued_at: '2026-01-01T00:00:00.000Z', started_at: null, ended_at: null, error: null,
    tokens: { input_tokens: 0, output_tokens: 0, total_tokens: 0 }, ...overrides,
  };
}

/** An orchestrator with these runs and no pause, resume or message controls. */
function orchestratorWith(runs: Run[], extra: Partial<RunOrchestrator> = {}): RunOrchestrator {
  return {
    runsList: () => runs, issuesList: () => [],
    dispatch: async () => ({ accepted: false, reason: 'not expected' }),
    cancel: async () => ({ accepted: false, reason: 'not expected' }),
    ...extra,
  };
}

test('an orchestrator without pause, resume or messages answers those actions with not_supported', async () => {
  const actions = new RunActions(orchestratorWith([aRun(), aRun({ id: 'run-2', paused: true })]));

  const outcomes = [
    await actions.pause({ run_id: 'run-1' }, context),
    await actions.resume({ run_id: 'run-2' }, context),
    await actions.sendMessage({ run_id: 'run-1', text: 'hi' }, context),
  ];

  assert.deepEqual(outcomes.map((outcome) => [outcome.accepted, outcome.reasonCode]), Array(3).fill([false, 'not_supported']));
});

test("the orchestrator's own control refusals are sorted into not_supported, unavailable and conflict", async () => {
  const reasons = ["this run's harness cannot pause", 'the agent could not pause: socket closed', "OS-1's agent session has not started yet"];
  const codes = [];
  for (const reason of reasons) {
    const actions = new RunActions(orchestratorWith([aRun()], { pause: async () => ({ accepted: false, reason }) }));
    const outcome = await actions.pause({ run_id: 'run-1' }, context);
    codes.push([outcome.reasonCode, outcome.reason]);
  }
  assert.deepEqual(codes, reasons.map((reason, index) => [['not_supported', 'unavailable', 'conflict'][index], reason]));
});

test("retry looks at the issue's latest run, not only the one named", async () => {
  let dispatched = 0;
  const old = aRun({ id: 'old', state: 'failed', queued_at: '2026-01-01T00:00:00.000Z' });
  const current = aRun({ id: 'new', state: 'queued', queued_at: '2026-01-02T00:00:00.000Z' });
  const actions = new RunActions(orchestratorWith([old, current], { dispatch: async () => { dispatched++; return { accepted: false, reason: 'x' }; } }));

  const outcome = await actions.retry({ run_id: 'old' }, context);

  assert.deepEqual([outcome.accepted, outcome.reasonCode, dispatched], [false, 'conflict', 0]);
  assert.match(outcome.reason ?? '', /already has a queued run \(new\)/);
});
