import * as vscode from 'vscode';
import type { Approval, Issue, Run } from '../../host/protocol/index.ts';

/** Icon, description and context value of an issue row, from its latest run. */
export interface IssuePresentation {
  description: string;
  icon: vscode.ThemeIcon;
  contextValue: string;
}

export function presentIssue(issue: Issue, run: Run | undefined, pending: Approval | undefined, now: number): IssuePresentation {
  // `.state-<run state>` (or `.state-paused`) lets menus offer only the actions that apply.
  const hasRun = run ? `.hasRun.state-${run.paused ? 'paused' : run.state}` : '';
  if (pending) {
    return { description: 'needs approval', icon: new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('notificationsWarningIcon.foreground')), contextValue: `issue.active${hasRun}` };
  }
  switch (run?.state) {
    case 'queued':
      return { description: 'queued', icon: new vscode.ThemeIcon('clock'), contextValue: `issue.active${hasRun}` };
    case 'running':
      return { description: `running · ${elapsed(run, now)} · turn ${run.turn_count}/${run.max_turns}`, icon: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue')), contextValue: `issue.active${hasRun}` };
    case 'retrying': {
      const retry = run.retry;
      const seconds = retry ? Math.max(0, Math.ceil((Date.parse(retry.due_at) - now) / 1000)) : 0;
      const why = retry?.error ? ` · ${retry.error}` : '';
      return { description: retry ? `retry in ${seconds}s (attempt ${retry.attempt})${why}` : 'retrying', icon: new vscode.ThemeIcon('history', new vscode.ThemeColor('charts.yellow')), contextValue: `issue.active${hasRun}` };
    }
    case 'cancelled':
      return { description: `cancelled${run.stop_reason ? `: ${run.stop_reason.replace(/_/g, ' ')}` : ''}`, icon: new vscode.ThemeIcon('circle-slash'), contextValue: `issue.ended${hasRun}` };
    case 'completed':
      return { description: 'completed', icon: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')), contextValue: `issue.ended${hasRun}` };
    case 'failed':
      return { description: `failed: ${run.error ?? 'unknown error'}`, icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')), contextValue: `issue.ended${hasRun}` };
    default:
      return { description: issue.state, icon: new vscode.ThemeIcon('circle-large-outline'), contextValue: 'issue.idle' };
  }
}

function elapsed(run: Run, now: number): string {
  if (!run.started_at) return '0s';
  const seconds = Math.max(0, Math.round((now - Date.parse(run.started_at)) / 1000));
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}

export function issueTooltip(issue: Issue, run: Run | undefined): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(undefined, true);
  markdown.appendMarkdown(`**${escape(issue.identifier)}** · ${escape(issue.title)}\n\n`);
  markdown.appendMarkdown(`State: ${escape(issue.state)}${issue.priority ? ` · Priority ${issue.priority}` : ''}\n\n`);
  if (issue.labels.length) markdown.appendMarkdown(`Labels: ${issue.labels.map(escape).join(', ')}\n\n`);
  if (issue.blocked_by.length) markdown.appendMarkdown(`Blocked by: ${issue.blocked_by.map((blocker) => escape(blocker.identifier ?? '?')).join(', ')}\n\n`);
  if (issue.description) markdown.appendMarkdown(`---\n\n${escape(issue.description.slice(0, 1_000))}\n\n`);
  if (run) markdown.appendMarkdown(`---\n\nLast run: ${run.state}${run.error ? ` (${escape(run.error)})` : ''} · ${run.tokens.total_tokens} tokens`);
  return markdown;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
