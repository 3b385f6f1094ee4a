import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CapabilitiesSchema } from '../../../../host/protocol/index.ts';

const capabilities = {
  schema_version: 1, host_version: '0.1.0', api_versions: ['v1'], harnesses: ['codex', 'openhands'],
  tracker_kinds: ['local', 'linear'], streams: ['events'], actions: ['dispatch'],
};

test('capabilities name the selected harness, and capabilities of a host without the field still parse', () => {
  assert.equal(CapabilitiesSchema.parse({ ...capabilities, selected_harness: 'openhands' }).selected_harness, 'openhands');
  assert.equal(CapabilitiesSchema.parse(capabilities).selected_harness, null);
  assert.equal(CapabilitiesSchema.safeParse({ ...capabilities, selected_harness: 7 }).success, false);
});
