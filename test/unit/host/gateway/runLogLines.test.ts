import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toRunLogLine } from '../../../../host/gateway/runLogLines.ts';
import type { EventEnvelope } from '../../../../host/protocol/index.ts';

function anEvent(type: string, payload: Record<string, unknown> = {}): EventEnvelope {
  return {
    id: 'e1', seq: 7, schema_version: 1, type, timestamp: '2026-01-01T00:00:00.000Z', actor: { kind: 'orchestrator' },
    correlation_id: null, entity_refs: [], summary: `${type} happened`, payload, raw_ref: null,
  };
}

test('a run event becomes a log line with its summary and a level from its type', () => {
  assert.deepEqual(toRunLogLine(anEvent('run.started')), { seq: 7, timestamp: '2026-01-01T00:00:00.000Z', level: 'info', type: 'run.started', message: 'run.started happened' });
  assert.deepEqual(['run.failed', 'run.cancelled', 'run.retrying', 'approval.requested', 'agent.message'].map((type) => toRunLogLine(anEvent(type)).level),
    ['error', 'warn', 'warn', 'warn', 'info']);
});

test('turns and approvals take their level from their outcome', () => {
  assert.equal(toRunLogLine(anEvent('turn.completed', { status: 'failed' })).level, 'error');
  assert.equal(toRunLogLine(anEvent('turn.completed', { status: 'interrupted' })).level, 'warn');
  assert.equal(toRunLogLine(anEvent('turn.completed', { status: 'completed' })).level, 'info');
  assert.equal(toRunLogLine(anEvent('approval.resolved', { approval: { state: 'denied' } })).level, 'warn');
  assert.equal(toRunLogLine(anEvent('approval.resolved', { approval: { state: 'approved' } })).level, 'info');
});
