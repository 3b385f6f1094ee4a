import type { ApprovalRisk } from '../protocol/index.ts';
import { unwrapShellCommand } from '../protocol/index.ts';
import type { ApprovalRequest } from '../harness/harnessAdapter.ts';
import { isInside } from './pathGlob.ts';
import { commandShape } from './shellCommand.ts';

/** The risk flags the classifier knows; the DTO keeps them open-ended for later ones. */
export const RiskFlags = {
  network: 'network',
  deletion: 'deletion',
  outsideWorkspace: 'outside_workspace',
  privilege: 'privilege',
} as const;
type RiskFlag = (typeof RiskFlags)[keyof typeof RiskFlags];

/** One pattern that raises a flag; `label` says what a person reads in the summary. */
interface CommandSignal {
  flag: RiskFlag;
  pattern: RegExp;
  label: string;
}

const COMMAND_SIGNALS: readonly CommandSignal[] = [
  { flag: 'privilege', pattern: /(?:^|\s)(?:sudo|su|doas|pkexec)(?:\s|$)/, label: 'runs as another user' },
  { flag: 'privilege', pattern: /(?:^|\s)(?:chown|chgrp|setcap|mount|umount)(?:\s|$)|(?:^|\s)chmod\s+(?:\S*\+s|[0-7]*[2367]7\b)/, label: 'changes ownership or permissions' },
  { flag: 'deletion', pattern: /(?:^|\s)(?:rm|rmdir|unlink|shred|truncate)(?:\s|$)|\s-delete(?:\s|$)/, label: 'deletes files' },
  { flag: 'deletion', pattern: /(?:^|\s)git\s+(?:clean|reset\s+--hard|push\s+.*--force|checkout\s+--)(?:\s|$)/, label: 'discards git work' },
  { flag: 'network', pattern: /(?:^|\s)(?:curl|wget|ssh|scp|sftp|rsync|nc|ncat|telnet|ftp)(?:\s|$)|https?:\/\//, label: 'uses the network' },
  { flag: 'network', pattern: /(?:^|\s)git\s+(?:push|pull|fetch|clone)(?:\s|$)/, label: 'talks to a git remote' },
  { flag: 'network', pattern: /(?:^|\s)(?:npm|pnpm|yarn|pip3?|gem|cargo|go|apt(?:-get)?|brew)\s+(?:install|i|add|publish|get)(?:\s|$)/, label: 'installs or publishes packages' },
];

/** Absolute paths outside the workspace that are harmless to name. */
const HARMLESS_PATHS = /^\/(?:dev\/(?:null|stdout|stderr|stdin|tty)|tmp(?:\/|$)|usr\/bin\/|bin\/)/;

/**
 * A small, advisory classifier of one approval request: which risk flags it raises (network,
 * deletion, outside the workspace, privilege), an overall level and one summary line. It helps a
 * person decide quickly; it never decides anything itself.
 */
export function classifyRisk(request: ApprovalRequest, workspacePath: string | null): ApprovalRisk {
  const found = new Map<RiskFlag, string[]>();
  const raise = (flag: RiskFlag, label: string): void => {
    const labels = found.get(flag) ?? [];
    if (!labels.includes(label)) labels.push(label);
    found.set(flag, labels);
  };
  if (request.kind === 'command' && request.command) classifyCommand(unwrapShellCommand(request.command), raise);
  if (workspacePath) {
    if (request.cwd && !isInside(request.cwd, workspacePath)) raise('outside_workspace', `runs in ${request.cwd}`);
    const outside = [...request.files, ...(request.kind === 'command' && request.command ? absolutePaths(request.command) : [])]
      .filter((path) => path.startsWith('~') || (!HARMLESS_PATHS.test(path) && !isInside(path, workspacePath)));
    if (outside.length) raise('outside_workspace', `touches ${outside.slice(0, 2).join(', ')}${outside.length > 2 ? ', …' : ''} outside the workspace`);
  }
  return { level: levelOf(found), flags: [...found.keys()], summary: [...found.values()].flat().join('; ') || 'no risk signals found' };
}

function classifyCommand(command: string, raise: (flag: RiskFlag, label: string) => void): void {
  const shape = commandShape(command);
  for (const segment of shape.segments) {
    for (const signal of COMMAND_SIGNALS) if (signal.pattern.test(segment)) raise(signal.flag, signal.label);
  }
  if (/(?:^|[\s=])\.\.(?:\/|$)/.test(command)) raise('outside_workspace', 'refers to a parent folder');
}

function absolutePaths(command: string): string[] {
  return [...unwrapShellCommand(command).matchAll(/(?:^|[\s=><'"])((?:\/|~\/?)[^\s'";|&<>)]*)/g)].map((match) => match[1]!);
}

function levelOf(found: Map<RiskFlag, string[]>): ApprovalRisk['level'] {
  if (found.has('privilege') || (found.has('deletion') && found.has('outside_workspace'))) return 'high';
  return found.size > 0 ? 'medium' : 'low';
}
