import * as vscode from 'vscode';
import { DASHBOARD_VIEW_TYPE } from '../../host/protocol/dashboardView.ts';
import { RUN_DETAIL_VIEW_TYPE, RunPanelRestoreSchema } from '../../host/protocol/runView.ts';
import type { DashboardDeps } from './dashboardPanel.ts';
import { DashboardPanel } from './dashboardPanel.ts';
import type { PanelDeps } from './runDetailPanel.ts';
import { RunDetailPanel } from './runDetailPanel.ts';

/**
 * Brings the run panels and the dashboard back after a window reload. VS Code hands each panel the
 * state its webview last saved (`setState`); a run panel's state names its run. A panel whose
 * state cannot be read is closed rather than left blank.
 */
export function registerPanelSerializers(deps: PanelDeps & DashboardDeps): vscode.Disposable[] {
  return [
    vscode.window.registerWebviewPanelSerializer(RUN_DETAIL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const restored = RunPanelRestoreSchema.safeParse(state);
        if (!restored.success) {
          deps.log.warn(`run panel not restored: its saved state is unreadable (${restored.error.issues[0]?.message ?? 'no state'})`);
          panel.dispose();
          return;
        }
        RunDetailPanel.revive(deps, panel, restored.data.target);
      },
    }),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => { DashboardPanel.revive(deps, panel); },
    }),
  ];
}
