import { dirname } from 'node:path';
import type { ApprovalRule } from '../protocol/index.ts';
import { unwrapShellCommand } from '../protocol/index.ts';
import type { ApprovalRequest } from '../harness/harnessAdapter.ts';
import type { ApprovalRuleConfig } from '../workflow/workflowConfig.ts';
import { escapeGlob, isInside, pathMatchesGlob } from './pathGlob.ts';
import { commandShape, programOf, startsWithWords } from './shellCommand.ts';

/** What rules are matched against: the request, with its command unwrapped, and the run's workspace. */
export interface RuleTarget {
  request: ApprovalRequest;
  workspacePath: string | null;
}

/** WORKFLOW.md `approvals.rules` in the DTO form, numbered as in the file. */
export function workflowRules(configs: readonly ApprovalRuleConfig[]): ApprovalRule[] {
  return configs.map((config, index) => ({
    action: config.action,
    command_prefix: config.command_prefix ?? null,
    path_glob: config.path_glob ?? null,
    kind: config.kind ?? (config.command_prefix ? 'command' : config.path_glob ? 'file_change' : null),
    source: 'workflow',
    index,
  }));
}

/** The first rule that matches, in order (first match wins), or undefined: ask a human. */
export function firstMatch(rules: readonly ApprovalRule[], target: RuleTarget): ApprovalRule | undefined {
  return rules.find((rule) => ruleMatches(rule, target));
}

/**
 * Whether one rule matches. `kind` must agree when set. A command prefix must match at a word
 * boundary; for `allow`, every simple command of a chained line must match and a line that
 * substitutes commands (`$(…)`, backticks) never does, while `deny` and `ask` match when any part
 * does. A path glob likewise must match every file for `allow`, any file for `deny` and `ask`.
 */
export function ruleMatches(rule: ApprovalRule, target: RuleTarget): boolean {
  const { request } = target;
  if (rule.kind !== null && rule.kind !== request.kind) return false;
  const every = rule.action === 'allow';
  if (rule.command_prefix !== null) {
    if (request.kind !== 'command' || !request.command) return false;
    const shape = commandShape(unwrapShellCommand(request.command));
    if (every && shape.substitutes) return false;
    const matches = (segment: string): boolean => startsWithWords(segment, rule.command_prefix!);
    return shape.segments.length > 0 && (every ? shape.segments.every(matches) : shape.segments.some(matches));
  }
  if (rule.path_glob !== null) {
    if (request.kind !== 'file_change' || request.files.length === 0) return false;
    const matches = (file: string): boolean => pathMatchesGlob(file, rule.path_glob!, target.workspacePath);
    return every ? request.files.every(matches) : request.files.some(matches);
  }
  return true;
}

/**
 * The run-scoped rules an "approve always" adds: for a command, allow its program (the first word
 * of each simple command: `npm` for `npm test && npm run lint`); for a file change, allow changes
 * under the folder that holds its files.
 */
export function alwaysRulesFor(target: RuleTarget): ApprovalRule[] {
  const { request } = target;
  const base = { action: 'allow', source: 'run', index: null } as const;
  if (request.kind === 'command') {
    const programs = new Set(commandShape(unwrapShellCommand(request.command ?? '')).segments.map(programOf).filter((program): program is string => !!program));
    return [...programs].map((program) => ({ ...base, kind: 'command', command_prefix: program, path_glob: null }));
  }
  const folder = commonFolder(request.files, target.workspacePath);
  return folder === null ? [] : [{ ...base, kind: 'file_change', command_prefix: null, path_glob: folder }];
}

/** A glob for the deepest folder holding every file: relative inside the workspace, absolute outside. */
function commonFolder(files: readonly string[], workspacePath: string | null): string | null {
  if (files.length === 0) return null;
  const folders = files.map((file) => dirname(file).split('/'));
  const shared: string[] = [];
  for (let index = 0; folders.every((parts) => parts[index] !== undefined && parts[index] === folders[0]![index]); index++) shared.push(folders[0]![index]!);
  const folder = shared.join('/') || '/';
  if (workspacePath && folder.startsWith('/') && isInside(folder, workspacePath)) {
    const inside = folder.slice(workspacePath.length).replace(/^\//, '');
    return inside ? `${escapeGlob(inside)}/**` : '**';
  }
  return `${escapeGlob(folder).replace(/\/$/, '')}/**`;
}

/** How a rule reads in summaries and feedback: `approvals.rules[2] (deny command_prefix "rm")`. */
export function describeRule(rule: ApprovalRule): string {
  const where = rule.source === 'workflow' ? `WORKFLOW.md approvals.rules[${rule.index ?? '?'}]` : 'the run\'s "approve always" rule';
  const matcher = rule.command_prefix !== null ? ` command_prefix "${rule.command_prefix}"`
    : rule.path_glob !== null ? ` path_glob "${rule.path_glob}"`
    : rule.kind !== null ? ` kind ${rule.kind}` : ' (every request)';
  return `${where} (${rule.action}${matcher})`;
}
