import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { presentGroup } from '../../../extension/views/groupPresentation.ts';
import { issueContextValue, type IssueRowInput } from '../../../extension/views/issuePresentation.ts';
import type { IssueRuntime, Run } from '../../../host/protocol/index.ts';
import { anIssue } from '../../fakes/issueBuilder.ts';
import { aMilestoneNode, aProjectNode, aRun, aRuntime } from '../../fakes/taskGraphBuilders.ts';

// The context menu of a row, as VS Code computes it: package.json `view/item/context` entries whose
// `when` holds for the row's contextValue. Only the clause forms package.json uses are understood;
// any other form fails the test instead of being guessed.

interface MenuEntry { command: string; when: string; group?: string }

const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { contributes: { menus: Record<string, MenuEntry[]>; commands: { command: string; title: string }[] } };
const titles = new Map(manifest.contributes.commands.map((command) => [command.command, command.title]));

/** Context keys the extension sets; a read-only window (a remote gateway in Restricted Mode) hides every mutation. */
interface WindowContext { readOnly: boolean }

function holds(clause: string, contextValue: string, context: WindowContext): boolean {
  const term = clause.trim();
  if (term === '!opensymphony.readOnly') return !context.readOnly;
  const view = /^view == (\S+)$/.exec(term);
  if (view) return view[1] === 'opensymphony.taskGraph';
  const regex = /^viewItem =~ \/(.+)\/([a-z]*)$/.exec(term);
  if (regex) return new RegExp(regex[1]!, regex[2]).test(contextValue);
  const equals = /^viewItem == (\S+)$/.exec(term);
  if (equals) return equals[1] === contextValue;
  throw new Error(`unsupported when clause: ${term}`);
}

/** Titles of the context-menu entries (not inline buttons) a Task Graph row offers. */
function menuOf(contextValue: string, context: WindowContext = { readOnly: false }): string[] {
  const entries = manifest.contributes.menus['view/item/context']!.filter((entry) => entry.group !== 'inline');
  return entries.filter((entry) => entry.when.split('&&').every((clause) => holds(clause, contextValue, context)))
    .map((entry) => titles.get(entry.command) ?? entry.command).sort();
}

function issueMenu(run: Partial<Run> | undefined, overrides: { runtime?: Partial<IssueRuntime>; needsApproval?: boolean; url?: string; readOnly?: boolean } = {}): string[] {
  const input: IssueRowInput = {
    issue: anIssue({ identifier: 'A-1', url: overrides.url ?? null }), runtime: aRuntime(overrides.runtime),
    run: run ? aRun(run) : undefined, needsApproval: overrides.needsApproval ?? false, now: 0,
  };
  return menuOf(issueContextValue(input), { readOnly: overrides.readOnly ?? false });
}

const OPEN = ['Open Run Details', 'Open Terminal', 'Open Workspace'];

describe('Task Graph context menus by row state', () => {
  it('an issue without a run: Start Run, Copy Identifier (Open in Linear only with a URL)', () => {
    assert.deepEqual(issueMenu(undefined), ['Copy Identifier', 'Start Run']);
    assert.deepEqual(issueMenu(undefined, { url: 'https://linear.app/x/issue/A-1' }), ['Copy Identifier', 'Open in Linear', 'Start Run']);
  });

  it('read-only (a remote gateway watched from an untrusted workspace): the views, no action', () => {
    assert.deepEqual(issueMenu(undefined, { readOnly: true }), ['Copy Identifier']);
    assert.deepEqual(issueMenu({ state: 'running' }, { readOnly: true }), ['Copy Identifier', ...OPEN].sort());
    assert.deepEqual(issueMenu({ state: 'failed' }, { readOnly: true }), ['Copy Identifier', ...OPEN].sort());
  });

  it('queued: Cancel and the run\'s views, no Start Run', () => {
    assert.deepEqual(issueMenu({ state: 'queued' }), ['Cancel Run', 'Copy Identifier', ...OPEN].sort());
  });

  it('running: Pause and Cancel; paused: Resume and Cancel', () => {
    assert.deepEqual(issueMenu({ state: 'running' }), ['Cancel Run', 'Copy Identifier', 'Pause', ...OPEN].sort());
    assert.deepEqual(issueMenu({ state: 'running', paused: true }), ['Cancel Run', 'Copy Identifier', 'Resume', ...OPEN].sort());
  });

  it('needs approval keeps the run\'s actions', () => {
    assert.deepEqual(issueMenu({ state: 'running' }, { needsApproval: true }), ['Cancel Run', 'Copy Identifier', 'Pause', ...OPEN].sort());
  });

  it('retrying: Retry now or Cancel', () => {
    assert.deepEqual(issueMenu({ state: 'retrying' }), ['Cancel Run', 'Copy Identifier', 'Retry', ...OPEN].sort());
  });

  it('ended runs: Start Run and Retry', () => {
    for (const state of ['completed', 'failed', 'cancelled'] as const) {
      assert.deepEqual(issueMenu({ state }), ['Copy Identifier', 'Retry', 'Start Run', ...OPEN].sort(), state);
    }
  });

  it('a blocked issue keeps its menu (the host says why a start is refused)', () => {
    const blockers = [{ id: 'A-7', identifier: 'A-7', state: 'Todo', terminal: false }];
    assert.deepEqual(issueMenu(undefined, { runtime: { status: 'blocked', blockers } }), ['Copy Identifier', 'Start Run']);
  });

  it('projects: Copy Name, Open in Linear with a URL; milestones: Copy Name', () => {
    assert.deepEqual(menuOf(presentGroup(aProjectNode('p1')).contextValue), ['Copy Name']);
    const linked = aProjectNode('p1', { project: { id: 'p1', name: 'P', slug: 'p', url: 'https://linear.app/x/project/p', state: null } });
    assert.deepEqual(menuOf(presentGroup(linked).contextValue), ['Copy Name', 'Open in Linear']);
    assert.deepEqual(menuOf(presentGroup(aMilestoneNode('m1', 'p1', 1)).contextValue), ['Copy Name']);
  });

  it('folder rows of a multi-root window offer nothing', () => {
    assert.deepEqual(menuOf('folder'), []);
  });
});
