import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PROJECT_SLUG, linearFixture } from './linearFixture.ts';

describe('Linear adapter: normalisation into protocol records', () => {
  test('an issue carries its parent, project, milestone, branch, url, labels, blockers, timestamps and assignee', async (t) => {
    const ids: Record<string, string> = {};
    const { tracker } = await linearFixture(t, ({ graph, project }) => {
      const milestone = graph.addMilestone(project, { name: 'Beta', targetDate: '2026-12-24' });
      const parent = graph.addIssue({ project, title: 'Epic', state: 'In Progress' });
      const blocker = graph.addIssue({ project, title: 'Schema first', state: 'Todo' });
      const child = graph.addIssue({ project, parent, milestone, title: 'Build it', description: 'Details', priority: 3, labels: ['API'], assignee: 'Ada Lovelace' });
      graph.addBlocks(blocker, child);
      Object.assign(ids, { project: project.id, milestone: milestone.id, parent: parent.id, blocker: blocker.id, child: child.id, createdAt: child.createdAt });
    });
    const child = (await tracker.fetchAllIssues()).find((issue) => issue.id === ids.child);
    assert.deepEqual(child, {
      id: ids.child, identifier: 'ENG-3', title: 'Build it', description: 'Details', priority: 3, state: 'Todo',
      branch_name: 'eng-3', url: 'https://linear.app/fake/issue/eng-3', labels: ['api'], parent_id: ids.parent,
      project_id: ids.project, milestone_id: ids.milestone, blocked_by: [{ id: ids.blocker, identifier: 'ENG-2', state: 'Todo' }],
      created_at: ids.createdAt, updated_at: ids.createdAt, assignee: 'Ada Lovelace',
    });
  });

  test('an unassigned issue has a null assignee', async (t) => {
    const { tracker } = await linearFixture(t, ({ graph, project }) => { graph.addIssue({ project }); });
    assert.deepEqual((await tracker.fetchAllIssues()).map((issue) => issue.assignee), [null]);
  });

  test('priorities: Linear 1–4 stay, 0 (no priority) and fractions become null', async (t) => {
    const { tracker } = await linearFixture(t, ({ graph, project }) => {
      for (const priority of [0, 1, 2, 3, 4, 1.5]) graph.addIssue({ project, priority });
    });
    assert.deepEqual((await tracker.fetchAllIssues()).map((issue) => issue.priority), [null, 1, 2, 3, 4, null]);
  });

  test('fetchStructure returns the project (by slugId) and its milestones in sort order', async (t) => {
    const ids: Record<string, string> = {};
    const { tracker } = await linearFixture(t, ({ graph, project, otherProject }) => {
      const late = graph.addMilestone(project, { name: 'GA', targetDate: '2027-03-01', sortOrder: 2 });
      const early = graph.addMilestone(project, { name: 'Beta', sortOrder: 1 });
      graph.addMilestone(otherProject, { name: 'Not ours' });
      Object.assign(ids, { project: project.id, late: late.id, early: early.id });
    });
    assert.deepEqual(await tracker.fetchStructure(), {
      projects: [{ id: ids.project, name: 'Orchestrator', slug: PROJECT_SLUG, url: `https://linear.app/fake/project/orchestrator-${PROJECT_SLUG}`, state: 'In Progress' }],
      milestones: [
        { id: ids.early, project_id: ids.project, name: 'Beta', target_date: null, sort_order: 1 },
        { id: ids.late, project_id: ids.project, name: 'GA', target_date: '2027-03-01', sort_order: 2 },
      ],
    });
  });

  test('the structure follows renamed and added milestones on the next delta', async (t) => {
    const { tracker, clock, graph, project } = await linearFixture(t, ({ graph, project }) => { graph.addMilestone(project, { name: 'Beta' }); });
    await tracker.fetchStructure();
    const [beta] = [...graph.milestones.values()];
    beta!.name = 'Public beta';
    graph.addMilestone(project, { name: 'GA' });
    clock.advance(30_000);
    assert.deepEqual((await tracker.fetchStructure()).milestones.map((milestone) => milestone.name), ['Public beta', 'GA']);
  });

  test('callers get copies: changing a returned issue does not change the next answer', async (t) => {
    const { tracker } = await linearFixture(t, ({ graph, project }) => graph.addIssue({ project, labels: ['a'] }));
    const [first] = await tracker.fetchAllIssues();
    first!.labels.push('mutated');
    first!.blocked_by.push({ id: null, identifier: null, state: null });
    const [again] = await tracker.fetchAllIssues();
    assert.deepEqual({ labels: again!.labels, blocked_by: again!.blocked_by }, { labels: ['a'], blocked_by: [] });
  });
});
