import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { chartGeometry } from '../../../webviews/dashboard/chartGeometry.ts';
import { dashboardReducer, initialDashboardState } from '../../../webviews/state/dashboardState.ts';

describe('dashboard state', () => {
  it('starts from the saved view, marked restored, until the extension sends a fresh one', () => {
    const view = { folders: [], generated_at: '2025-01-01T00:00:00.000Z' };
    const restored = initialDashboardState(view);
    assert.equal(restored.restored, true);
    const fresh = dashboardReducer(restored, { type: 'view', view: { ...view } });
    assert.equal(fresh.restored, false);
    assert.deepEqual(initialDashboardState({ folders: 'nope' }), { view: null, restored: false });
  });
});

describe('token chart geometry', () => {
  it('draws a step line scaled into the box', () => {
    const geometry = chartGeometry([
      { at: '2025-01-01T00:00:00.000Z', value: 0 }, { at: '2025-01-01T00:01:00.000Z', value: 50 }, { at: '2025-01-01T00:02:00.000Z', value: 100 },
    ], 102, 42, 1)!;
    assert.equal(geometry.max, 100);
    assert.equal(geometry.points, '1.0,41.0 51.0,41.0 51.0,21.0 101.0,21.0 101.0,1.0');
    assert.equal(chartGeometry([], 100, 40), undefined);
  });
});
