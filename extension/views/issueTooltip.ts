import type { Issue, IssueRuntime, Run, TokenTotals } from '../../host/protocol/index.ts';

const DESCRIPTION_LIMIT = 1_000;

/**
 * The Markdown of an issue row's tooltip (filled lazily by resolveTreeItem): title, state,
 * assignee, labels, blockers, why the scheduler holds it, description, last outcome and tokens.
 */
export function issueTooltipMarkdown(issue: Issue, runtime: IssueRuntime | undefined, run: Run | undefined): string {
  const parts = [`**${escapeMarkdown(issue.identifier)}** · ${escapeMarkdown(issue.title)}`];
  const facts = [`State: ${escapeMarkdown(issue.state)}`];
  if (issue.priority) facts.push(`Priority ${issue.priority}`);
  if (issue.assignee) facts.push(`Assignee: ${escapeMarkdown(issue.assignee)}`);
  parts.push(facts.join(' · '));
  if (issue.labels.length) parts.push(`Labels: ${issue.labels.map(escapeMarkdown).join(', ')}`);
  const blockers = blockerLine(issue, runtime);
  if (blockers) parts.push(blockers);
  if (runtime?.status_reason) parts.push(`Scheduler: ${escapeMarkdown(runtime.status_reason)}`);
  if (issue.description) {
    const text = issue.description.length > DESCRIPTION_LIMIT ? `${issue.description.slice(0, DESCRIPTION_LIMIT)}…` : issue.description;
    parts.push('---', escapeMarkdown(text));
  }
  const outcome = outcomeLine(runtime, run);
  if (outcome) parts.push('---', outcome);
  return parts.join('\n\n');
}

/** Blockers with their state; those already done are marked so. */
function blockerLine(issue: Issue, runtime: IssueRuntime | undefined): string | undefined {
  const blockers = runtime?.blockers ?? issue.blocked_by.map((blocker) => ({ ...blocker, terminal: false }));
  if (!blockers.length) return undefined;
  const names = blockers.map((blocker) => {
    const name = escapeMarkdown(blocker.identifier ?? blocker.id ?? '?');
    const state = blocker.state ? ` (${escapeMarkdown(blocker.state)}${blocker.terminal ? ', done' : ''})` : '';
    return `${name}${state}`;
  });
  return `Blocked by: ${names.join(', ')}`;
}

function outcomeLine(runtime: IssueRuntime | undefined, run: Run | undefined): string | undefined {
  const outcome = runtime?.last_outcome;
  const lines: string[] = [];
  if (run) lines.push(`Last run: ${run.state}${run.error ? ` (${escapeMarkdown(run.error)})` : ''}`);
  else if (outcome) lines.push(`Last run: ${outcome.state}${outcome.error ? ` (${escapeMarkdown(outcome.error)})` : ''}`);
  const tokens: TokenTotals | undefined = runtime?.tokens ?? run?.tokens;
  if (tokens && (tokens.total_tokens > 0 || lines.length)) {
    const runs = runtime && runtime.run_count > 1 ? ` over ${runtime.run_count} runs` : '';
    lines.push(`Tokens: ${tokens.total_tokens.toLocaleString('en-US')} (${tokens.input_tokens.toLocaleString('en-US')} in, ${tokens.output_tokens.toLocaleString('en-US')} out)${runs}`);
  }
  return lines.length ? lines.join(' · ') : undefined;
}

/** Escapes Markdown syntax so tracker text shows literally. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
