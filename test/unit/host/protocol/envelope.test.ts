import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventEnvelopeSchema } from '../../../../host/protocol/index.ts';

const envelope = {
  id: 'e-1', seq: 1, schema_version: 1, type: 'run.output', timestamp: '2026-12-02T11:16:48.628Z',
  actor: { kind: 'agent', id: 'codex-0' }, correlation_id: null, entity_refs: [{ kind: 'run', id: 'run-0' }],
  summary: 'agent step', raw_ref: null,
};

test('an event payload is any JSON object, passed through as parsed', () => {
  const payload = JSON.parse('{"line":"ok","tokens":{"input":1},"list":[1,"two",null],"__proto__":{"kept":true}}') as Record<string, unknown>;
  const parsed = EventEnvelopeSchema.parse({ ...envelope, payload });
  assert.deepEqual(parsed.payload, payload);
  assert.equal(Object.keys(parsed.payload).length, 4);
  assert.deepEqual(EventEnvelopeSchema.parse({ ...envelope, payload: {} }).payload, {});
});

test('an event payload that is not a JSON object is rejected with a message naming the field', () => {
  for (const payload of [null, [], ['a'], 'text', 7, true, undefined]) {
    const result = EventEnvelopeSchema.safeParse({ ...envelope, payload });
    assert.equal(result.success, false, `payload ${JSON.stringify(payload)} was accepted`);
    assert.deepEqual(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]), [['payload', 'expected a JSON object']]);
  }
});
