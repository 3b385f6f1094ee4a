import type { DashboardView } from '../../host/protocol/dashboardView.ts';
import { DashboardViewSchema } from '../../host/protocol/dashboardView.ts';

/** The dashboard's state: the extension's latest view, or the one saved before a reload (stale). */
export interface DashboardState {
  readonly view: DashboardView | null;
  /** Shown from the saved state; the extension has not sent a fresh view yet. */
  readonly restored: boolean;
}

export type DashboardAction = { type: 'view'; view: DashboardView };

export function initialDashboardState(saved: unknown): DashboardState {
  const parsed = DashboardViewSchema.safeParse(saved);
  return parsed.success ? { view: parsed.data, restored: true } : { view: null, restored: false };
}

export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
  return action.view === state.view ? state : { view: action.view, restored: false };
}
