import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'node:test';
import type { TestContext } from 'node:test';
import { ApprovalService } from '../../../../host/approvals/approvalService.ts';
import { GatewayClient } from '../../../../host/client/gatewayClient.ts';
import { createHostBackend } from '../../../../host/composition/hostBackend.ts';
import type { GatewayBackend } from '../../../../host/gateway/gatewayBackend.ts';
import { createGatewayServer } from '../../../../host/gateway/gatewayServer.ts';
import type { GatewayServer } from '../../../../host/gateway/gatewayServer.ts';
import type { Role } from '../../../../host/gateway/roles.ts';
import { grantForToken } from '../../../../host/gateway/tokenRegistry.ts';
import type { EventJournal } from '../../../../host/journal/eventJournal.ts';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import { Orchestrator } from '../../../../host/orchestrator/orchestrator.ts';
import type { EventEnvelope, Run } from '../../../../host/protocol/index.ts';
import { ActionReceiptSchema } from '../../../../host/protocol/index.ts';
import type { ActionReceipt } from '../../../../host/protocol/index.ts';
import { TaskGraphService } from '../../../../host/taskgraph/taskGraphService.ts';
import { LocalTracker } from '../../../../host/tracker/local/localTracker.ts';
import type { WorkflowDefinition } from '../../../../host/workflow/workflowConfig.ts';
import { WorkspaceManager } from '../../../../host/workspace/workspaceManager.ts';
import { waitForEvent } from '../../../fakes/journalWaiter.ts';
import { ManualClock } from '../../../fakes/manualClock.ts';
import { aWorkflow } from '../../../fakes/workflowBuilder.ts';
import { ControlledHarness } from './controlledHarness.ts';
import type { GatewayEndpoint, RawResponse } from './gatewayEndpoint.ts';
import { httpRequest } from './gatewayEndpoint.ts';
import { TOKENS } from './gatewayFixture.ts';

/** The issues file every host starts with: OS-2 is a sub-issue of OS-1, both in milestone Beta. */
export const ISSUES_YAML = `issues:
  - identifier: OS-1
    title: Parent work
    state: Todo
    milestone: Beta
  - identifier: OS-2
    title: Child work
    state: Todo
    parent: OS-1
    milestone: Beta
  - identifier: OS-3
    title: Solo work
    state: Todo
`;

export type HostTransport = 'unix' | 'tcp';

export interface HostGatewayOptions {
  transport: HostTransport;
  /** `git_worktree`: workspaces are worktrees of a fresh repository with README.md and old.txt on `main`. */
  workspaces?: 'directory' | 'git_worktree';
}

/**
 * The real host behind the real gateway: the SQLite journal, the orchestrator (manual clock, no
 * polling: runs start only through actions), the approval service, the task graph, the local
 * tracker over an issues file, the host backend, and a gateway on a Unix socket (and TCP). The
 * agent is a ControlledHarness whose turns wait on a gate. Todo is not an active state here, so a
 * turn that completes ends its run instead of continuing.
 */
export class HostGateway {
  readonly root: string;
  readonly issuesPath: string;
  readonly repository: string | undefined;
  readonly journal: EventJournal;
  readonly clock = new ManualClock();
  readonly harness = new ControlledHarness();
  readonly tracker: LocalTracker;
  readonly approvals: ApprovalService;
  readonly orchestrator: Orchestrator;
  readonly taskGraph: TaskGraphService;
  readonly backend: GatewayBackend;
  readonly server: GatewayServer;
  endpoint!: GatewayEndpoint;
  private readonly workflow: WorkflowDefinition;
  private readonly clients: GatewayClient[] = [];

  private constructor(options: HostGatewayOptions) {
    this.root = realpathSync(mkdtempSync(join(tmpdir(), 'os-hostgw-')));
    this.issuesPath = join(this.root, 'issues.yaml');
    writeFileSync(this.issuesPath, ISSUES_YAML);
    this.repository = options.workspaces === 'git_worktree' ? createRepository(join(this.root, 'repo')) : undefined;
    const workspace = this.repository ? { strategy: 'git_worktree', repository: this.repository, base_ref: 'main' } : {};
    this.workflow = aWorkflow(join(this.root, 'workspaces'), { tracker: { active_states: ['In Progress'] }, workspace });
    this.journal = openSqliteJournal(join(this.root, 'journal.db'), { synchronous: 'NORMAL' });
    this.tracker = new LocalTracker({ path: this.issuesPath, debounceMs: 20 });
    this.approvals = new ApprovalService((event) => { void this.journal.append([event]); });
    const log = { log: () => undefined };
    this.orchestrator = new Orchestrator({
      journal: this.journal, clock: this.clock, log, approvals: this.approvals,
      workspaces: new WorkspaceManager({ started: () => undefined, finished: () => undefined, warning: () => undefined }),
      workflow: () => this.workflow,
      tracker: () => this.tracker,
      harness: () => this.harness,
      renderPrompt: async (_template, issue) => `Work on ${issue.identifier}`,
      continuationPrompt: (turn, max) => `continue ${turn}/${max}`,
    });
    this.taskGraph = new TaskGraphService({ journal: this.journal, tracker: () => this.tracker, config: () => this.workflow.config, clock: this.clock, log });
    this.backend = createHostBackend({
      journal: this.journal, orchestrator: this.orchestrator, approvals: this.approvals, taskGraph: this.taskGraph,
      workflowStatus: () => ({ path: this.workflow.path, loaded_at: null, error: null }),
      trackerKind: () => this.tracker.kind,
      isReady: () => true,
      workflow: () => this.workflow,
      tracker: () => this.tracker,
      gatewayHealth: () => this.server.health(),
    });
    const tokens = (['viewer', 'operator'] as const).map((role) => grantForToken(TOKENS[role], { name: role, role }));
    this.server = createGatewayServer({ journal: this.journal, backend: this.backend, token: TOKENS.admin, tokens });
  }

  /** Starts a host, lets the orchestrator read the issues once (journaled), and builds the task graph. */
  static async start(t: TestContext, options: HostGatewayOptions): Promise<HostGateway> {
    const host = new HostGateway(options);
    t.after(() => host.dispose());
    host.taskGraph.start();
    await host.orchestrator.tick();
    await host.taskGraph.structureSettled();
    await waitForEvent(host.journal, (event) => event.type === 'tracker.synced');
    const socketPath = join(host.root, 'host.sock');
    await host.server.listen({ socketPath });
    if (options.transport === 'unix') {
      host.endpoint = { kind: 'unix', socketPath };
    } else {
      const info = await host.server.listen({ host: '127.0.0.1', port: 0 });
      if (info.kind !== 'tcp') throw new Error('expected a TCP listener');
      host.endpoint = { kind: 'tcp', host: '127.0.0.1', port: info.port };
    }
    return host;
  }

  /** A client with `role`'s token over this host's transport, disposed with the host. */
  client(role: Role = 'operator'): GatewayClient {
    const where = this.endpoint.kind === 'unix' ? { socketPath: this.endpoint.socketPath } : { baseUrl: `http://127.0.0.1:${this.endpoint.port}` };
    const client = new GatewayClient({ ...where, token: TOKENS[role], reconnectBackoff: { initialMs: 20, maxMs: 200 } });
    this.clients.push(client);
    return client;
  }

  get(path: string, role: Role = 'viewer'): Promise<RawResponse> {
    return httpRequest(this.endpoint, { path, headers: { authorization: `Bearer ${TOKENS[role]}` } });
  }

  post(path: string, body: unknown, options: { role?: Role; key?: string } = {}): Promise<RawResponse> {
    const headers = { authorization: `Bearer ${TOKENS[options.role ?? 'operator']}`, 'idempotency-key': options.key ?? `key-${Math.random()}`, 'content-type': 'application/json' };
    return httpRequest(this.endpoint, { method: 'POST', path, headers, body: JSON.stringify(body) });
  }

  /** Posts an action and parses its receipt (the answer must be a 200). */
  async act(action: string, body: unknown, options: { role?: Role; key?: string } = {}): Promise<ActionReceipt> {
    const response = await this.post(action.startsWith('/') ? action : `/api/v1/actions/${action}`, body, options);
    if (response.status !== 200) throw new Error(`${action} answered ${response.status}: ${response.text}`);
    return ActionReceiptSchema.parse(response.json);
  }

  /** Dispatches an issue and waits until its agent's first turn is running. */
  async startRun(identifier: string): Promise<Run> {
    const receipt = await this.act('dispatch', { issue_id: identifier });
    if (!receipt.accepted) throw new Error(`dispatch of ${identifier} refused: ${receipt.reason}`);
    await this.harness.turnStarted(identifier);
    return this.runOf(receipt.result?.run_id as string);
  }

  runOf(runId: string): Run {
    const run = this.orchestrator.runsList().find((candidate) => candidate.id === runId);
    if (!run) throw new Error(`no run ${runId}`);
    return run;
  }

  /** The first committed event matching `predicate` (already stored or coming). */
  event(predicate: (event: EventEnvelope) => boolean): Promise<EventEnvelope> {
    return waitForEvent(this.journal, predicate);
  }

  /** Resolves once the terminal stream holds at least `seq` chunks. */
  terminalReached(streamId: string, seq: number): Promise<void> {
    if (this.journal.terminalHead(streamId) >= seq) return Promise.resolve();
    return new Promise((resolve) => {
      const subscription = this.journal.onDidAppendTerminal((chunk) => {
        if (chunk.streamId !== streamId || chunk.seq < seq) return;
        subscription.dispose();
        resolve();
      });
    });
  }

  /** Every committed event that names the run, in seq order. */
  runEvents(runId: string): EventEnvelope[] {
    return this.journal.read(0, 1_000_000).filter((event) => event.entity_refs.some((ref) => ref.kind === 'run' && ref.id === runId));
  }

  private async dispose(): Promise<void> {
    for (const client of this.clients) client.dispose();
    this.harness.gate.open();
    await this.orchestrator.shutdown();
    this.orchestrator.dispose();
    await this.server.close();
    this.taskGraph.dispose();
    this.tracker.dispose();
    await this.journal.close();
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A repository on `main` with README.md and old.txt committed. */
function createRepository(path: string): string {
  mkdirSync(path, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: path, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
  git('init', '--quiet', '--initial-branch=main');
  writeFileSync(join(path, 'README.md'), '# Demo\n');
  writeFileSync(join(path, 'old.txt'), 'to be removed\n');
  git('add', '.');
  git('commit', '--quiet', '-m', 'initial');
  return path;
}

/** Declares the same suite over the Unix socket and over TCP. */
export function overTransports(title: string, body: (transport: HostTransport) => void): void {
  for (const transport of ['unix', 'tcp'] as const) describe(`${title} (${transport})`, { timeout: 60_000 }, () => body(transport));
}
