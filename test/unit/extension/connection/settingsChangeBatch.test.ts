import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { SETTINGS_SETTLE_MS, SettingsChangeBatch } from '../../../../extension/connection/settingsChangeBatch.ts';
import type { SettingsChange } from '../../../../extension/connection/settingsChangeBatch.ts';

describe('settings change batch', () => {
  it('applies a burst once, after it settles, with everything it touched', (t) => {
    mock.timers.enable({ apis: ['setTimeout'] });
    t.after(() => mock.timers.reset());
    const applied: SettingsChange[] = [];
    const batch = new SettingsChangeBatch((change) => applied.push(change));

    // A port typed key by key, then a remote setting, each change before the last one settled.
    for (let key = 0; key < 4; key++) {
      batch.note({ connection: false, gateway: true });
      mock.timers.tick(SETTINGS_SETTLE_MS - 1);
    }
    batch.note({ connection: true, gateway: false });
    assert.deepEqual(applied, []);

    mock.timers.tick(SETTINGS_SETTLE_MS);
    assert.deepEqual(applied, [{ connection: true, gateway: true }]);

    batch.note({ connection: false, gateway: true });
    mock.timers.tick(SETTINGS_SETTLE_MS);
    assert.deepEqual(applied.at(-1), { connection: false, gateway: true }, 'the next burst starts clean');
  });

  it('ignores changes to other settings and applies nothing once disposed', (t) => {
    mock.timers.enable({ apis: ['setTimeout'] });
    t.after(() => mock.timers.reset());
    const applied: SettingsChange[] = [];
    const batch = new SettingsChangeBatch((change) => applied.push(change));

    batch.note({ connection: false, gateway: false });
    mock.timers.tick(SETTINGS_SETTLE_MS);
    batch.note({ connection: true, gateway: false });
    batch.dispose();
    mock.timers.tick(SETTINGS_SETTLE_MS);

    assert.deepEqual(applied, []);
  });
});
