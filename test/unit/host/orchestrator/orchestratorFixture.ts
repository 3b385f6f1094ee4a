import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Orchestrator } from '../../../../host/orchestrator/orchestrator.ts';
import { ApprovalService } from '../../../../host/approvals/approvalService.ts';
import { WorkspaceManager } from '../../../../host/workspace/workspaceManager.ts';
import type { HookName, HookObserver, HookResult } from '../../../../host/workspace/hookRunner.ts';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import type { EventJournal } from '../../../../host/journal/eventJournal.ts';
import type { EventEnvelope, Issue, Run } from '../../../../host/protocol/index.ts';
import type { WorkflowDefinition } from '../../../../host/workflow/workflowConfig.ts';
import type { HarnessAdapter } from '../../../../host/harness/harnessAdapter.ts';
import { ManualClock } from '../../../fakes/manualClock.ts';
import { MemoryTracker } from '../../../fakes/memoryTracker.ts';
import { ScriptedHarness, type TurnScript } from '../../../fakes/scriptedHarness.ts';
import { aWorkflow } from '../../../fakes/workflowBuilder.ts';
import { waitForEvent } from '../../../fakes/journalWaiter.ts';

export const silentLog = { log: () => undefined };

/** Options of one orchestrator under test. */
export interface FixtureOptions {
  issues?: Issue[];
  script: TurnScript;
  frontMatter?: Record<string, unknown>;
  /** A journal file shared with another fixture (restart tests); an in-memory journal otherwise. */
  journalPath?: string;
  /** Reuse a clock, tracker or folder from an earlier fixture (restart tests). */
  clock?: ManualClock;
  tracker?: MemoryTracker;
  root?: string;
}

/** An orchestrator wired to fakes: manual clock, memory tracker, scripted harness, a real journal and real workspaces. */
export class OrchestratorFixture {
  readonly root: string;
  readonly journal: EventJournal;
  readonly tracker: MemoryTracker;
  readonly harness: ScriptedHarness;
  readonly approvals: ApprovalService;
  readonly clock: ManualClock;
  readonly orchestrator: Orchestrator;
  /** Every hook outcome, in order. */
  readonly hooks: { hook: HookName; result: HookResult }[] = [];
  workflow: WorkflowDefinition;
  workflowProblem: string | undefined;
  /** What the orchestrator gets when it asks for a harness; replace it to fail the spawn. */
  harnessFactory: () => HarnessAdapter = () => this.harness;
  private readonly ownsRoot: boolean;

  constructor(options: FixtureOptions) {
    this.ownsRoot = options.root === undefined;
    this.root = options.root ?? realpathSync(mkdtempSync(join(tmpdir(), 'orchestrator-')));
    this.journal = openSqliteJournal(options.journalPath ?? ':memory:');
    this.workflow = aWorkflow(this.workspaceRoot, options.frontMatter ?? {});
    this.tracker = options.tracker ?? new MemoryTracker(options.issues ?? []);
    this.harness = new ScriptedHarness(options.script);
    this.approvals = new ApprovalService((event) => { void this.journal.append([event]); });
    this.clock = options.clock ?? new ManualClock();
    const observer: HookObserver = { started: () => undefined, finished: (hook, _cwd, result) => this.hooks.push({ hook, result }), warning: () => undefined };
    this.orchestrator = new Orchestrator({
      journal: this.journal, clock: this.clock, log: silentLog, approvals: this.approvals,
      workspaces: new WorkspaceManager(observer),
      workflow: () => this.workflow,
      workflowProblem: () => this.workflowProblem,
      tracker: () => this.tracker,
      harness: () => this.harnessFactory(),
      renderPrompt: async (template, issue, attempt) => template.replace('{{ issue.identifier }}', issue.identifier).replace('{{ issue.title }}', issue.title) + (attempt ? ` (attempt ${attempt})` : ''),
      continuationPrompt: (turn, max) => `continue ${turn}/${max}`,
    });
  }

  get workspaceRoot(): string {
    return join(this.root, 'workspaces');
  }

  /** Replaces the front matter (a WORKFLOW.md reload). */
  reconfigure(frontMatter: Record<string, unknown>): void {
    this.workflow = aWorkflow(this.workspaceRoot, frontMatter);
  }

  /** The committed events so far. */
  events(): EventEnvelope[] {
    return this.journal.read(0, 100_000);
  }

  /** Waits for a `run.*` event of `type` whose run matches. */
  async runEvent(type: string, matches: (run: Run) => boolean = () => true): Promise<Run> {
    const event = await waitForEvent(this.journal, (candidate) => candidate.type === type && matches(candidate.payload.run as Run));
    return event.payload.run as Run;
  }

  /** Advances the clock and lets the orchestrator finish what the timers started. */
  async advance(ms: number): Promise<void> {
    this.clock.advance(ms);
    await this.orchestrator.idle();
  }

  /** Stops the orchestrator (workers get a retry), closes the journal and removes the folder. */
  async dispose(options: { keepRoot?: boolean } = {}): Promise<void> {
    await this.orchestrator.shutdown();
    this.orchestrator.dispose();
    await this.journal.close();
    if (this.ownsRoot && !options.keepRoot) rmSync(this.root, { recursive: true, force: true });
  }
}

/** Matches runs of one issue identifier. */
export const ofIssue = (identifier: string) => (run: Run) => run.issue_identifier === identifier;
