import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionPlan } from '../../../../extension/connection/connectionPlan.ts';

describe('connectionPlan', () => {
  it('starts local hosts only in a trusted workspace', () => {
    assert.deepEqual(connectionPlan(true, { mode: 'local', remoteUrl: '' }), { kind: 'local' });
    assert.deepEqual(connectionPlan(false, { mode: 'local', remoteUrl: '' }), { kind: 'none' });
  });

  it('attaches to a remote gateway read-only while the workspace is not trusted', () => {
    const url = 'https://symphony.example.com:7443';
    assert.deepEqual(connectionPlan(true, { mode: 'remote', remoteUrl: url }), { kind: 'remote', url, readOnly: false });
    assert.deepEqual(connectionPlan(false, { mode: 'remote', remoteUrl: url }), { kind: 'remote', url, readOnly: true });
  });

  it('falls back to local hosts when remote mode has no URL', () => {
    assert.deepEqual(connectionPlan(true, { mode: 'remote', remoteUrl: '' }), { kind: 'local' });
    assert.deepEqual(connectionPlan(false, { mode: 'remote', remoteUrl: '' }), { kind: 'none' });
  });
});
