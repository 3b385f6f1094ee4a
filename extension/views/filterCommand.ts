import * as vscode from 'vscode';
import { RunStateSchema } from '../../host/protocol/index.ts';
import type { FolderConnection } from '../connection/folderConnection.ts';
import { describeFilter, isFiltering, NO_FILTER, UNASSIGNED, type IssueFilter, type RuntimeFilter } from './issueFilter.ts';
import type { TaskGraphTreeProvider } from './taskGraphTreeProvider.ts';

const RUNTIME_STATES: RuntimeFilter[] = ['no run', 'needs approval', 'blocked', ...RunStateSchema.options];

type FilterItem = vscode.QuickPickItem & { group?: keyof IssueFilter; value?: string };

/** A multi-select of tracker states, labels, assignees and run states found in the current issues. */
export async function pickFilter(tree: TaskGraphTreeProvider, treeView: vscode.TreeView<unknown>, connections: readonly FolderConnection[]): Promise<void> {
  const issues = connections.flatMap((connection) => [...connection.state.graph.issueNodes()].map((node) => node.issue));
  const states = [...new Set(issues.map((issue) => issue.state))].sort();
  const labels = [...new Set(issues.flatMap((issue) => issue.labels))].sort();
  const assignees = [...new Set(issues.map((issue) => issue.assignee ?? UNASSIGNED))].sort();
  const current = tree.filter;
  const section = (label: string): FilterItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const option = (group: keyof IssueFilter, value: string, label = value): FilterItem => ({ label, group, value, picked: (current[group] as string[]).includes(value) });
  const items: FilterItem[] = [
    section('Tracker state'), ...states.map((state) => option('states', state)),
    section('Label'), ...labels.map((label) => option('labels', label, `#${label}`)),
    section('Assignee'), ...assignees.map((name) => option('assignees', name, name === UNASSIGNED ? name : `@${name}`)),
    section('Run'), ...RUNTIME_STATES.map((state) => option('runtime', state)),
  ];
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Show issues that match', placeHolder: 'Nothing selected shows every issue' });
  if (!picked) return;
  const filter: IssueFilter = { states: [], labels: [], assignees: [], runtime: [] };
  for (const item of picked) if (item.group && item.value) (filter[item.group] as string[]).push(item.value);
  applyFilter(tree, treeView, filter);
}

export function applyFilter(tree: TaskGraphTreeProvider, treeView: vscode.TreeView<unknown>, filter: IssueFilter = NO_FILTER): void {
  tree.filter = filter;
  treeView.description = isFiltering(filter) ? `filtered: ${describeFilter(filter)}` : undefined;
  void vscode.commands.executeCommand('setContext', 'opensymphony.filtered', isFiltering(filter));
}
