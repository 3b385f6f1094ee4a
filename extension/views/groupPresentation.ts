import type { MilestoneNode, ProjectNode, TaskGraphCounts } from '../../host/protocol/index.ts';
import { UNASSIGNED_PROJECT_ID } from '../../host/protocol/index.ts';
import type { RowIcon } from './issuePresentation.ts';
import { escapeMarkdown } from './issueTooltip.ts';

/** Label, description, icon and context value of a project or milestone row. */
export interface GroupPresentation {
  label: string;
  description: string;
  icon: RowIcon;
  /** `project` / `milestone`, plus `.hasUrl` when the tracker has a page for it. */
  contextValue: string;
  tooltip: string;
}

export function presentGroup(node: ProjectNode | MilestoneNode): GroupPresentation {
  const label = groupName(node);
  const url = node.kind === 'project' ? node.project.url : null;
  const tooltip = [`**${escapeMarkdown(label)}** · ${node.kind}`];
  if (node.kind === 'project' && node.project.state) tooltip.push(`State: ${escapeMarkdown(node.project.state)}`);
  if (node.kind === 'milestone' && node.milestone.target_date) tooltip.push(`Target date: ${escapeMarkdown(node.milestone.target_date)}`);
  if (node.placeholder) tooltip.push('The tracker has not described this yet; its id stands in for its name.');
  tooltip.push(describeCounts(node.counts, true));
  return {
    label,
    description: describeCounts(node.counts, false),
    icon: { id: node.kind === 'project' ? 'project' : 'milestone' },
    contextValue: `${node.kind}${url ? '.hasUrl' : ''}`,
    tooltip: tooltip.join('\n\n'),
  };
}

/** The name a row shows; the synthetic project of issues without one says so. */
export function groupName(node: ProjectNode | MilestoneNode): string {
  if (node.kind === 'milestone') return node.milestone.name;
  return node.project.id === UNASSIGNED_PROJECT_ID ? 'No project' : node.project.name;
}

/** "5 issues · 1 running · 2 blocked"; zero counts are left out (all of them in the tooltip). */
export function describeCounts(counts: TaskGraphCounts, everything: boolean): string {
  const parts = [`${counts.issues} ${counts.issues === 1 ? 'issue' : 'issues'}`];
  const named: [number, string][] = [
    [counts.pending_approvals, 'awaiting approval'], [counts.running, 'running'], [counts.queued, 'queued'], [counts.retrying, 'retrying'],
    [counts.failed, 'failed'], [counts.blocked, 'blocked'], [counts.eligible, 'eligible'], [counts.done, 'done'],
  ];
  for (const [count, name] of named) if (count > 0 || everything) parts.push(`${count} ${name}`);
  return parts.join(' · ');
}
