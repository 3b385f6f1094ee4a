import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusEffect } from '../../../../../host/harness/openhands/executionStatus.ts';

describe('execution status → turn effect (A11)', () => {
  it('maps every status of v1.14.0', () => {
    const effects = Object.fromEntries(['idle', 'running', 'paused', 'waiting_for_confirmation', 'finished', 'error', 'stuck', 'deleting']
      .map((status) => { const effect = statusEffect(status); return [status, effect.kind === 'fail' ? `fail:${effect.code}` : effect.kind]; }));
    assert.deepEqual(effects, {
      idle: 'none', running: 'none', paused: 'paused', waiting_for_confirmation: 'confirm', finished: 'complete',
      error: 'fail:turn_failed', stuck: 'fail:turn_stalled', deleting: 'fail:turn_failed',
    });
  });

  it('ignores statuses a later server version may add', () => {
    assert.deepEqual(statusEffect('hibernating'), { kind: 'none' });
  });
});
