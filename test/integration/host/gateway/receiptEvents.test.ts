// The client's optional wait for a receipt's effects, against the real orchestrator behind the gateway.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RECEIPT_EVENTS_TIMEOUT } from '../../../../host/client/receiptEvents.ts';
import type { ActionReceipt } from '../../../../host/protocol/index.ts';
import { ManualClock } from '../../../fakes/manualClock.ts';
import { startGateway } from './gatewayFixture.ts';
import { HostGateway } from './hostGatewayFixture.ts';

test('awaiting a dispatch receipt resolves with the action\'s run.queued (correlated) and its run\'s run.started', async (t) => {
  const host = await HostGateway.start(t, { transport: 'unix' });
  const client = host.client('operator');
  const since = (await client.events(0, 1)).head;

  const receipt = await client.dispatch({ issue_id: 'OS-3' });
  const events = await client.awaitReceiptEvents(receipt, { since, timeoutMs: 20_000 });

  assert.equal(receipt.accepted, true);
  assert.deepEqual(receipt.expected_events, ['run.queued', 'run.started']);
  const runId = receipt.result?.run_id as string;
  assert.ok(events.every((event) => event.correlation_id === receipt.correlation_id || event.entity_refs.some((ref) => ref.kind === 'run' && ref.id === runId)));
  assert.equal(events.find((event) => event.type === 'run.queued')?.correlation_id, receipt.correlation_id);
  for (const type of receipt.expected_events) assert.ok(events.some((event) => event.type === type), type);
});

test('a refused receipt resolves with no events; a wait whose events never come times out naming them', async (t) => {
  const clock = new ManualClock();
  const gw = await startGateway(t);
  const client = gw.client({ clock });
  const receipt: ActionReceipt = {
    schema_version: 1, action_id: 'act-1', correlation_id: 'corr-1', idempotency_key: 'k', action: 'dispatch',
    accepted: true, reason: null, expected_events: ['run.started'], result: null,
  };

  assert.deepEqual(await client.awaitReceiptEvents({ ...receipt, accepted: false, expected_events: [] }, { since: 0, timeoutMs: 1000 }), []);
  const waiting = client.awaitReceiptEvents(receipt, { since: 0, timeoutMs: 1000 });
  await gw.journal.append([{ type: 'run.started', actor: { kind: 'orchestrator' }, summary: 'another action', payload: {}, correlation_id: 'corr-2' }]);
  clock.advance(1000);

  await assert.rejects(waiting, (error: Error & { code?: string }) => error.code === RECEIPT_EVENTS_TIMEOUT && /did not arrive: run\.started/.test(error.message));
});
