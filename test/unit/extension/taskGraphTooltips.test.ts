import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeCounts, presentGroup } from '../../../extension/views/groupPresentation.ts';
import { issueTooltipMarkdown } from '../../../extension/views/issueTooltip.ts';
import { UNASSIGNED_PROJECT_ID } from '../../../host/protocol/index.ts';
import { anIssue } from '../../fakes/issueBuilder.ts';
import { aMilestoneNode, aProjectNode, aRun, aRuntime, NO_COUNTS } from '../../fakes/taskGraphBuilders.ts';

describe('Task Graph tooltips and group rows', () => {
  it('an issue tooltip has description, labels, assignee, blockers, last outcome and tokens', () => {
    const issue = anIssue({ identifier: 'A-1', title: 'Fix *it*', description: 'Details here', labels: ['web'], assignee: 'Ada', priority: 2 });
    const runtime = aRuntime({
      blockers: [{ id: 'A-7', identifier: 'A-7', state: 'Todo', terminal: false }, { id: 'A-8', identifier: 'A-8', state: 'Done', terminal: true }],
      last_outcome: { run_id: 'r', state: 'failed', error: 'stalled', ended_at: null }, run_count: 2,
      tokens: { input_tokens: 1200, output_tokens: 300, total_tokens: 1500 },
    });
    const text = issueTooltipMarkdown(issue, runtime, undefined);
    assert.match(text, /\*\*A\\-1\*\* · Fix \\\*it\\\*/, 'title escaped');
    assert.match(text, /State: Todo · Priority 2 · Assignee: Ada/);
    assert.match(text, /Labels: web/);
    assert.match(text, /Blocked by: A\\-7 \(Todo\), A\\-8 \(Done, done\)/);
    assert.match(text, /Details here/);
    assert.match(text, /Last run: failed \(stalled\) · Tokens: 1,500 \(1,200 in, 300 out\) over 2 runs/);
  });

  it('the latest run from the stream names the last run when there is one', () => {
    const text = issueTooltipMarkdown(anIssue({ identifier: 'A-1' }), aRuntime(), aRun({ state: 'completed' }));
    assert.match(text, /Last run: completed/);
    assert.doesNotMatch(text, /Blocked by/);
  });

  it('project and milestone rows count their issues; the synthetic project is "No project"', () => {
    const counts = { ...NO_COUNTS, issues: 5, running: 1, blocked: 2 };
    assert.equal(describeCounts(counts, false), '5 issues · 1 running · 2 blocked');
    const project = presentGroup(aProjectNode('p1', { counts }));
    assert.deepEqual([project.label, project.description, project.icon.id, project.contextValue], ['Project p1', '5 issues · 1 running · 2 blocked', 'project', 'project']);
    assert.equal(presentGroup(aProjectNode(UNASSIGNED_PROJECT_ID)).label, 'No project');
    const milestone = presentGroup(aMilestoneNode('m1', 'p1', 1, { milestone: { id: 'm1', project_id: 'p1', name: 'Beta', target_date: '2026-12-24', sort_order: 1 } }));
    assert.deepEqual([milestone.label, milestone.icon.id, milestone.contextValue], ['Beta', 'milestone', 'milestone']);
    assert.match(milestone.tooltip, /Target date: 2026\\-12\\-24/);
  });
});
