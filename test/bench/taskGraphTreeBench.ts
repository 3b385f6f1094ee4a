// The Task Graph tree model at scale: 5,000 issues (1,000 with four sub-issues each, across 20
// milestones) and 200 live runs. Measures what the extension host does per load, per full
// render of every row, and per streamed update, against the least any client must do with an
// event: JSON.parse of its frame.
import { performance } from 'node:perf_hooks';
import { RuntimeState } from '../../extension/state/runtimeState.ts';
import type { TaskGraphLoad } from '../../extension/state/taskGraphState.ts';
import { NO_FILTER } from '../../extension/views/issueFilter.ts';
import { presentIssue } from '../../extension/views/issuePresentation.ts';
import { filteredNodeIds, issueRow, refreshTargets, visibleChildIds } from '../../extension/views/taskGraphRows.ts';
import type { DashboardSnapshot, EventEnvelope, IssueNode, MilestoneNode } from '../../host/protocol/index.ts';
import { EventTypes, SCHEMA_VERSION } from '../../host/protocol/index.ts';
import { aMilestoneNode, anApproval, anEnvelope, anIssueNode, aPage, aProjectNode, aRun, nodeChanged } from '../fakes/taskGraphBuilders.ts';
import type { BenchResult } from './benchResult.ts';
import { median } from './benchResult.ts';

const MILESTONES = 20;
const PARENT_ISSUES = 1_000;
const SUB_ISSUES_PER_PARENT = 4;
const LIVE_RUNS = 200;
const PENDING_APPROVALS = 20;
const UPDATES = 2_000;
const ROUNDS = 5;
const PROJECT = 'p1';

interface Graph {
  load: TaskGraphLoad;
  snapshot: DashboardSnapshot;
  issues: IssueNode[];
  milestones: MilestoneNode[];
}

function buildGraph(): Graph {
  const project = aProjectNode(PROJECT);
  const milestones = Array.from({ length: MILESTONES }, (_, index) => aMilestoneNode(`m${index}`, PROJECT, index));
  const issues: IssueNode[] = [];
  let number = 1;
  for (let parent = 0; parent < PARENT_ISSUES; parent++) {
    const home = parent % (MILESTONES + 1) === MILESTONES ? project.node_id : milestones[parent % (MILESTONES + 1)]!.node_id;
    const parentNode = anIssueNode(`OS-${number++}`, PROJECT, home, { issue: { labels: ['web'] } });
    issues.push(parentNode);
    for (let child = 0; child < SUB_ISSUES_PER_PARENT; child++) {
      const blockers = child > 0 ? [{ id: `OS-${number - 1}`, identifier: `OS-${number - 1}`, state: 'Todo', terminal: false }] : [];
      issues.push(anIssueNode(`OS-${number++}`, PROJECT, parentNode.node_id, { runtime: { blockers } }));
    }
  }
  const live = issues.slice(0, LIVE_RUNS);
  const runs = live.map((node, index) => aRun({ id: `run-${index}`, issue_id: node.id, issue_identifier: node.id, state: 'running', started_at: '2026-11-21T12:00:00.000Z', turn_count: 3 }));
  const approvals = runs.slice(0, PENDING_APPROVALS).map((run, index) => anApproval({ id: `ap-${index}`, run_id: run.id, issue_id: run.issue_id, issue_identifier: run.issue_id }));
  const snapshot: DashboardSnapshot = {
    schema_version: SCHEMA_VERSION, seq: 1, generated_at: '2026-11-21T12:00:00.000Z',
    workflow: { path: '/w/WORKFLOW.md', loaded_at: null, error: null }, tracker: { kind: 'local', last_sync_at: null, error: null },
    issues: issues.map((node) => node.issue), runs, approvals, counts: { running: LIVE_RUNS, queued: 0, pending_approvals: PENDING_APPROVALS },
    codex_totals: { input_tokens: 0, output_tokens: 0, total_tokens: 0, seconds_running: 0 }, rate_limits: null,
  };
  return { load: { seq: 1, pages: [aPage(project, milestones, issues, 1)] }, snapshot, issues, milestones };
}

function loaded(graph: Graph): RuntimeState {
  const state = new RuntimeState();
  state.loadSnapshot(graph.snapshot);
  state.loadTaskGraph(graph.load);
  return state;
}

/** Every row VS Code asks for when every level is expanded: children of each level, then each issue's presentation. */
function renderEverything(state: RuntimeState, now: number): number {
  let rows = 0;
  const pending: (string | null)[] = [null];
  while (pending.length) {
    for (const id of visibleChildIds(state, pending.pop()!, undefined)) {
      const node = state.graph.node(id)!;
      if (node.kind === 'issue') presentIssue(issueRow(state, node, now));
      rows++;
      pending.push(id);
    }
  }
  return rows;
}

/** Per-update cost: apply, find the rows to refresh, present them again, as the tree provider does. */
function applyAll(state: RuntimeState, events: readonly EventEnvelope[], now: number): void {
  for (const event of events) {
    const change = state.apply([event]);
    for (const id of refreshTargets(state, change).nodeIds) {
      const node = state.graph.node(id);
      if (node?.kind === 'issue') presentIssue(issueRow(state, node, now));
    }
  }
}

function timeMs(action: () => void): number {
  const start = performance.now();
  action();
  return performance.now() - start;
}

/** Events with seq from `first`: a runtime change of a live issue (no move), a re-parent, and a run update. */
function updateEvents(graph: Graph, first: number): Record<'overlay' | 'move' | 'run', EventEnvelope[]> {
  const live = graph.issues.slice(0, LIVE_RUNS);
  let seq = first;
  const overlay = Array.from({ length: UPDATES }, (_, index) => {
    const node = live[index % live.length]!;
    return nodeChanged(seq++, { ...node, runtime: { ...node.runtime, tokens: { input_tokens: index, output_tokens: index, total_tokens: 2 * index } } });
  });
  const move = Array.from({ length: UPDATES }, (_, index) => {
    const node = graph.issues[(index * 5) % graph.issues.length]!;
    const target = graph.milestones[(index + 7) % MILESTONES]!;
    return nodeChanged(seq++, node.parent_node_id?.startsWith('issue:') ? node : { ...node, parent_node_id: target.node_id });
  });
  const run = Array.from({ length: UPDATES }, (_, index) => {
    const snapshotRun = graph.snapshot.runs[index % LIVE_RUNS]!;
    return anEnvelope(seq++, EventTypes.runStarted, { run: { ...snapshotRun, turn_count: 4 + index } });
  });
  return { overlay, move, run };
}

export async function runTaskGraphTreeBench(): Promise<BenchResult[]> {
  const graph = buildGraph();
  const now = Date.parse('2026-11-21T12:05:00.000Z');
  const loadMs: number[] = [];
  const renderMs: number[] = [];
  const filterMs: number[] = [];
  const tickMs: number[] = [];
  const perUpdateUs: Record<string, number[]> = { overlay: [], move: [], run: [], parse: [] };
  let rows = 0;
  // Round 0 warms the JIT up and is not recorded.
  for (let round = 0; round <= ROUNDS; round++) {
    const record = (samples: number[], value: number) => { if (round > 0) samples.push(value); };
    let state = new RuntimeState();
    record(loadMs, timeMs(() => { state = loaded(graph); }));
    record(renderMs, timeMs(() => { rows = renderEverything(state, now); }));
    record(filterMs, timeMs(() => filteredNodeIds(state, { ...NO_FILTER, runtime: ['needs approval'] })));
    record(tickMs, timeMs(() => { for (const run of graph.snapshot.runs) presentIssue(issueRow(state, state.graph.issueNode(run.issue_id)!, now)); }));
    const events = updateEvents(graph, 2 + round * 3 * UPDATES);
    for (const kind of ['overlay', 'move', 'run'] as const) record(perUpdateUs[kind]!, (timeMs(() => applyAll(state, events[kind], now)) * 1000) / UPDATES);
    const frames = events.overlay.map((event) => JSON.stringify(event));
    record(perUpdateUs.parse!, (timeMs(() => { for (const frame of frames) JSON.parse(frame); }) * 1000) / UPDATES);
  }
  const parse = median(perUpdateUs.parse!);
  const scale = `${graph.issues.length.toLocaleString('en-US')} issues, ${LIVE_RUNS} live runs`;
  const update = (kind: string, label: string): BenchResult => {
    const value = median(perUpdateUs[kind]!);
    return { bench: 'tree', name: label, value, unit: 'µs/event', note: `${(value / parse).toFixed(1)}× JSON.parse of the frame (${parse.toFixed(1)} µs)` };
  };
  return [
    { bench: 'tree', name: `load snapshot + task graph (${scale})`, value: median(loadMs), unit: 'ms' },
    { bench: 'tree', name: `present every row expanded (${rows.toLocaleString('en-US')} rows)`, value: median(renderMs), unit: 'ms' },
    { bench: 'tree', name: 'filter "needs approval" over all issues', value: median(filterMs), unit: 'ms' },
    { bench: 'tree', name: `live-row tick (${LIVE_RUNS} running rows re-presented)`, value: median(tickMs), unit: 'ms', note: 'once a second' },
    update('overlay', 'node_changed in place → refresh 1 row'),
    update('move', 'node_changed re-parent → refresh 2 levels'),
    update('run', 'run event → refresh its issue row'),
  ];
}
