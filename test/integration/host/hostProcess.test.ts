import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Approval, EventEnvelope, Run } from '../../../host/protocol/index.ts';
import { EventTypes } from '../../../host/protocol/index.ts';
import { startMockResponsesServer, type MockResponsesServer } from '../../fakes/mockResponsesServer.ts';
import { createCodexMockEnvironment } from '../../fakes/codexMockEnvironment.ts';
import { runHostUntilExit, startHostProcess, type HostUnderTest } from '../../fakes/hostProcess.ts';
import type { GatewayClient } from '../../../host/client/gatewayClient.ts';

/** Collects every event of a stream and resolves waits on the event they expect. */
function eventRecorder(client: GatewayClient, cursor = 0) {
  const events: EventEnvelope[] = [];
  const waiters: { predicate: (event: EventEnvelope) => boolean; resolve: (event: EventEnvelope) => void }[] = [];
  const subscription = client.subscribeEvents({
    cursor,
    onEvents: (batch) => {
      events.push(...batch);
      for (const event of batch) {
        for (const waiter of [...waiters]) if (waiter.predicate(event)) { waiters.splice(waiters.indexOf(waiter), 1); waiter.resolve(event); }
      }
    },
  });
  return {
    events,
    dispose: () => subscription.dispose(),
    next(predicate: (event: EventEnvelope) => boolean, timeoutMs = 20_000): Promise<EventEnvelope> {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`event not seen within ${timeoutMs} ms; saw ${events.map((event) => event.type).join(', ')}`)), timeoutMs);
        waiters.push({ predicate, resolve: (event) => { clearTimeout(timer); resolve(event); } });
      });
    },
  };
}

const runOf = (event: EventEnvelope) => event.payload.run as Run;

function writeSample(dir: string, codexCommand: string, workflowExtra = ''): string {
  writeFileSync(join(dir, 'issues.yaml'), [
    'issues:',
    '  - identifier: DEMO-1',
    '    title: Write the greeting file',
    '    state: Backlog',
    '    priority: 2',
    '  - identifier: DEMO-2',
    '    title: A sub-task',
    '    state: Backlog',
    '    parent: DEMO-1',
  ].join('\n'));
  const workflow = join(dir, 'WORKFLOW.md');
  writeFileSync(workflow, [
    '---',
    'tracker:',
    '  kind: local',
    '  path: issues.yaml',
    'workspace:',
    '  root: workspaces',
    'codex:',
    `  command: ${JSON.stringify(codexCommand)}`,
    '  approval_policy: untrusted',
    '  thread_sandbox: workspace-write',
    workflowExtra,
    '---',
    'Work on {{ issue.identifier }}: {{ issue.title }}',
  ].join('\n'));
  return workflow;
}

describe('the host process, end to end through its gateway with the real codex', () => {
  let dir: string;
  let mock: MockResponsesServer;
  let host: HostUnderTest;
  let codexCommand: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'host-e2e-'));
    mock = await startMockResponsesServer({
      command: (text) => `echo "hello from ${/DEMO-\d+/.exec(text)?.[0] ?? '?'}" > greeting.txt`,
      finalText: () => 'Created greeting.txt',
    });
    codexCommand = createCodexMockEnvironment({ dir: join(dir, 'codex'), server: mock }).command;
  });

  after(async () => {
    await host?.stop();
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts, lists the tracker issues, runs one with an approved command, and journals it all', async () => {
    const workflow = writeSample(dir, codexCommand);
    const started = Date.now();
    host = await startHostProcess({ workflow, dataDir: join(dir, 'data') });
    console.log(`host start-to-ready: ${Date.now() - started} ms`);
    const recorder = eventRecorder(host.client);
    await recorder.next((event) => event.type === EventTypes.trackerSynced);
    const snapshot = await host.client.snapshot();
    assert.deepEqual(snapshot.issues.map((issue) => issue.identifier).sort(), ['DEMO-1', 'DEMO-2']);
    assert.equal(snapshot.issues.find((issue) => issue.identifier === 'DEMO-2')?.parent_id, 'DEMO-1');
    assert.equal(snapshot.runs.length, 0, 'Backlog issues are not dispatched on their own');

    const receipt = await host.client.dispatch({ issue_id: 'DEMO-1' }, { idempotencyKey: 'start-demo-1' });
    assert.equal(receipt.accepted, true);
    const requested = await recorder.next((event) => event.type === EventTypes.approvalRequested);
    const approval = requested.payload.approval as Approval;
    assert.match(approval.command ?? '', /greeting\.txt/);
    const decision = await host.client.decideApproval({ approval_id: approval.id, decision: 'approve' });
    assert.equal(decision.accepted, true);
    const completed = await recorder.next((event) => event.type === EventTypes.runCompleted || event.type === EventTypes.runFailed);
    assert.equal(runOf(completed).state, 'completed', runOf(completed).error ?? '');
    assert.equal(runOf(completed).issue_identifier, 'DEMO-1');
    assert.ok(runOf(completed).tokens.total_tokens > 0, 'absolute token totals from the harness reach the run');
    const workspacePath = runOf(completed).workspace_path!;
    assert.equal(readFileSync(join(workspacePath, 'greeting.txt'), 'utf8'), 'hello from DEMO-1\n');
    const queued = recorder.events.find((event) => event.type === EventTypes.runQueued)!;
    assert.equal(queued.correlation_id, receipt.correlation_id, 'the effect carries the action\'s correlation id');

    let terminal = '';
    const done = new Promise<void>((resolve) => {
      const subscription = host.client.subscribeTerminal({ streamId: runOf(completed).terminal_stream_id, cursor: 0, onChunk: (chunk) => {
        terminal += Buffer.from(chunk.data).toString();
        if (terminal.includes('run completed')) { subscription.dispose(); resolve(); }
      } });
    });
    await done;
    assert.match(terminal, /greeting\.txt/);
    assert.match(terminal, /Created greeting\.txt/);
    recorder.dispose();
  });

  it('keeps the journal across a restart: the sequence continues and the history replays', async () => {
    const before = (await host.client.events(0, 1000)).head;
    assert.equal(await host.stop(), 0, 'a clean shutdown on SIGTERM');
    host = await startHostProcess({ workflow: join(dir, 'WORKFLOW.md'), dataDir: join(dir, 'data') });
    const page = await host.client.events(0, 1000);
    assert.ok(page.head > before, `head ${page.head} continues after ${before}`);
    assert.ok(page.events.some((event) => event.type === EventTypes.runCompleted), 'the earlier run is still in the journal');
    const seqs = page.events.map((event) => event.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  });

  it('keeps serving on the last good WORKFLOW.md when the file turns invalid, and reports where', async () => {
    const recorder = eventRecorder(host.client, (await host.client.events(0, 1)).head);
    writeFileSync(join(dir, 'WORKFLOW.md'), '---\nagent:\n  max_turns: -1\n---\nprompt');
    const invalid = await recorder.next((event) => event.type === EventTypes.workflowInvalid);
    const status = invalid.payload.workflow as { error: { code: string; message: string; line: number } };
    assert.equal(status.error.code, 'workflow_parse_error');
    assert.match(status.error.message, /max_turns/);
    assert.equal(status.error.line, 3);
    const snapshot = await host.client.snapshot();
    assert.equal(snapshot.workflow.error?.code, 'workflow_parse_error');
    assert.equal(snapshot.issues.length, 2, 'still serving the tracker from the last good configuration');
    writeSample(dir, codexCommand);
    await recorder.next((event) => event.type === EventTypes.workflowLoaded);
    assert.equal((await host.client.snapshot()).workflow.error, null);
    recorder.dispose();
  });

  it('fails a run with a clear error when the codex command does not exist', async () => {
    const recorder = eventRecorder(host.client, (await host.client.events(0, 1)).head);
    writeSample(dir, '/nonexistent/codex app-server');
    await recorder.next((event) => event.type === EventTypes.workflowLoaded);
    const receipt = await host.client.dispatch({ issue_id: 'DEMO-2' });
    assert.equal(receipt.accepted, true);
    // A failed worker keeps its issue claimed with a backoff retry (run.retrying); the error is on the run.
    const failed = await recorder.next((event) => event.type.startsWith('run.') && runOf(event).error !== null);
    assert.equal(runOf(failed).state, 'retrying');
    assert.match(runOf(failed).error ?? '', /codex/i);
    assert.equal(runOf(failed).retry?.error?.startsWith('worker exited: '), true);
    assert.ok(!existsSync(join(runOf(failed).workspace_path ?? dir, 'greeting.txt')));
    recorder.dispose();
  });

  it('refuses to start a second host on a socket that a live host holds, and says so', async () => {
    const second = await runHostUntilExit({ workflow: join(dir, 'WORKFLOW.md'), dataDir: join(dir, 'data-2'), socketPath: host.socketPath });
    assert.equal(second.code, 1);
    assert.match(second.output, /socket_in_use/);
    assert.equal((await host.client.ready()).status, 'ready', 'the first host keeps serving');
  });
});
