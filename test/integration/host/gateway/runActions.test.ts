// Run actions through the real gateway into the real orchestrator: the validation rules, receipts
// with reason codes, the events that follow with the receipt's correlation id, and idempotency.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ErrorEnvelopeSchema } from '../../../../host/protocol/index.ts';
import type { ActionReceipt } from '../../../../host/protocol/index.ts';
import { HostGateway, overTransports } from './hostGatewayFixture.ts';

/** accepted, reason_code, and the reason when it was refused. */
const verdict = (receipt: ActionReceipt) => [receipt.accepted, receipt.reason_code ?? null];

overTransports('run actions', (transport) => {
  it('retry is refused while the issue has a running run, and starts a new run once it ended', async (t) => {
    const host = await HostGateway.start(t, { transport });
    const run = await host.startRun('OS-3');

    const whileRunning = await host.act('retry', { run_id: run.id });
    assert.deepEqual(verdict(whileRunning), [false, 'conflict']);
    assert.match(whileRunning.reason ?? '', /OS-3 already has a running run/);
    assert.deepEqual([whileRunning.expected_events, whileRunning.result], [[], null]);

    await host.act('cancel', { run_id: run.id });
    await host.event((event) => event.type === 'run.cancelled');
    const retried = await host.act('retry', { run_id: run.id });

    assert.deepEqual(verdict(retried), [true, null]);
    assert.deepEqual(retried.expected_events, ['run.queued', 'run.started']);
    assert.equal(retried.result?.previous_run_id, run.id);
    assert.notEqual(retried.result?.run_id, run.id);
    const queued = await host.event((event) => event.type === 'run.queued' && event.correlation_id === retried.correlation_id);
    assert.equal((queued.payload.run as { id: string }).id, retried.result?.run_id);
  });

  it('cancel stops a running run once; a cancelled run cannot be cancelled again', async (t) => {
    const host = await HostGateway.start(t, { transport });
    const run = await host.startRun('OS-3');

    const cancelled = await host.act('cancel', { run_id: run.id });
    const event = await host.event((candidate) => candidate.type === 'run.cancelled');
    const again = await host.act('cancel', { run_id: run.id });

    assert.deepEqual([verdict(cancelled), cancelled.expected_events], [[true, null], ['run.cancelled']]);
    assert.equal((event.payload.run as { stop_reason: string }).stop_reason, 'operator_cancel');
    assert.deepEqual(verdict(again), [false, 'conflict']);
    assert.match(again.reason ?? '', /is cancelled; only queued, running or retrying runs can be cancelled/);
  });

  it('pause only a running run, resume only a paused one; each is journaled with the correlation id', async (t) => {
    const host = await HostGateway.start(t, { transport });
    const run = await host.startRun('OS-3');

    const resumeFirst = await host.act('resume', { run_id: run.id });
    const paused = await host.act('pause', { run_id: run.id });
    const pausedEvent = await host.event((event) => event.type === 'run.paused');
    const pauseAgain = await host.act('pause', { run_id: run.id });
    const resumed = await host.act('resume', { run_id: run.id });
    const resumedEvent = await host.event((event) => event.type === 'run.resumed');

    assert.deepEqual(verdict(resumeFirst), [false, 'conflict']);
    assert.match(resumeFirst.reason ?? '', /only a paused run can be resumed/);
    assert.deepEqual([verdict(paused), paused.expected_events, pausedEvent.correlation_id], [[true, null], ['run.paused'], paused.correlation_id]);
    assert.equal((pausedEvent.payload.run as { paused: boolean }).paused, true);
    assert.deepEqual(verdict(pauseAgain), [false, 'conflict']);
    assert.deepEqual([verdict(resumed), resumedEvent.correlation_id], [[true, null], resumed.correlation_id]);
    assert.deepEqual([host.harness.pauses, host.harness.resumes], [['OS-3'], ['OS-3']]);
  });

  it('pause and resume are refused for runs that are not running', async (t) => {
    const host = await HostGateway.start(t, { transport });
    const run = await host.startRun('OS-3');
    await host.act('cancel', { run_id: run.id });
    await host.event((event) => event.type === 'run.cancelled');

    const pause = await host.act('pause', { run_id: run.id });
    const message = await host.act('send-message', { run_id: run.id, text: 'hello?' });

    assert.deepEqual(verdict(pause), [false, 'conflict']);
    assert.match(pause.reason ?? '', /only a running run can be paused; .* is cancelled/);
    assert.deepEqual(verdict(message), [false, 'conflict']);
    assert.deepEqual(host.harness.pauses, []);
  });

  it('actions on an unknown run are refused with not_found; bodies are validated strictly', async (t) => {
    const host = await HostGateway.start(t, { transport });
    const refusals = [];
    for (const action of ['retry', 'cancel', 'pause', 'resume']) refusals.push(verdict(await host.act(action, { run_id: 'no-such-run' })));
    const invalid = [];
    for (const [action, body] of [['retry', {}], ['cancel', { run_id: '' }], ['pause', { run_id: 'r', extra: true }], ['send-message', { run_id: 'r', text: '   ' }]] as const) {
      const response = await host.post(`/api/v1/actions/${action}`, body);
      invalid.push([response.status, ErrorEnvelopeSchema.parse(response.json).error.code]);
    }

    assert.deepEqual(refusals, Array(4).fill([false, 'not_found']));
    assert.deepEqual(invalid, Array(4).fill([400, 'invalid_request']));
  });

  it('the same key replays the receipt without acting twice; the same key with another body is 409', async (t) => {
    const host = await HostGateway.start(t, { transport });
    const run = await host.startRun('OS-3');

    const first = await host.post('/api/v1/actions/cancel', { run_id: run.id }, { key: 'cancel-1' });
    const replay = await host.post('/api/v1/actions/cancel', { run_id: run.id }, { key: 'cancel-1' });
    const conflict = await host.post('/api/v1/actions/cancel', { run_id: 'other' }, { key: 'cancel-1' });
    await host.event((event) => event.type === 'run.cancelled');

    assert.deepEqual(replay.json, first.json);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.deepEqual([conflict.status, ErrorEnvelopeSchema.parse(conflict.json).error.code], [409, 'conflict']);
    assert.equal(host.runEvents(run.id).filter((event) => event.type === 'run.cancelled').length, 1);
  });

  it('the client\'s typed run actions reach the same rules', async (t) => {
    const host = await HostGateway.start(t, { transport });
    const run = await host.startRun('OS-3');
    const client = host.client('operator');

    const retry = await client.retry({ run_id: run.id });
    const pause = await client.pause({ run_id: run.id });
    const resume = await client.resume({ run_id: run.id });
    const message = await client.sendMessage({ run_id: run.id, text: 'use the helper' });
    const cancel = await client.cancel({ run_id: run.id }, { idempotencyKey: 'client-cancel' });

    assert.deepEqual([retry, pause, resume, message, cancel].map(verdict), [[false, 'conflict'], [true, null], [true, null], [true, null], [true, null]]);
    assert.deepEqual([message.result?.delivery, host.harness.messages], ['active_turn', ['use the helper']]);
    assert.equal(cancel.idempotency_key, 'client-cancel');
  });
});
