// The approval service between the REAL codex app-server and a scripted person: rules that settle
// requests without asking, "approve always" for the rest of a run, feedback with a denial, and the
// approval round trip measured end to end.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import type { ApprovalRequest } from '../../../../host/harness/harnessAdapter.ts';
import { EventTypes } from '../../../../host/protocol/eventTypes.ts';
import { applyPatchCall } from '../../../fakes/mockResponsesServer.ts';
import type { RecordedResponsesRequest } from '../../../fakes/mockResponsesServer.ts';
import { withCodexFixture } from './codexFixture.ts';
import { createHumanLoop } from './humanLoop.ts';
import type { HumanLoop, HumanLoopOptions } from './humanLoop.ts';
import type { RecordingSink } from './recordingSink.ts';

const TEST_TIMEOUT_MS = 60_000;

/** Runs the fixture with a human loop for its workspace; the sink's approvals go through the loop. */
async function withHumanLoop(options: Omit<HumanLoopOptions, 'workspacePath'> & { script?: Parameters<typeof withCodexFixture>[0]['script'] }, body: (context: Parameters<Parameters<typeof withCodexFixture>[1]>[0] & { loop: HumanLoop }) => Promise<void>): Promise<void> {
  let loop: HumanLoop | undefined;
  const decide = (request: ApprovalRequest) => loop!.ask(request);
  await withCodexFixture({ script: options.script, decide }, async (fixture) => {
    loop = createHumanLoop({ ...options, workspacePath: fixture.workspace });
    await body({ ...fixture, loop });
  });
}

function repliesSent(sink: RecordingSink): string[] {
  return sink.events.filter((event) => event.payload.method === 'opensymphony/approval_replied').map((event) => String(event.payload.decision));
}

function modelSaw(requests: readonly RecordedResponsesRequest[], text: string): boolean {
  return requests.some((request) => JSON.stringify(request.body.input ?? []).includes(text));
}

/** ms between two performance.now() readings, one decimal. */
const ms = (from: number, to: number): string => (to - from).toFixed(1);

describe('approvals with the real codex app-server', { timeout: TEST_TIMEOUT_MS }, () => {
  it('approve always covers a second command of the run without asking again; the round trip is measured', async (t: TestContext) => {
    const script = { command: (text: string) => (text.includes('second') ? 'echo two > two.txt' : 'echo one > one.txt') };
    await withHumanLoop({ script, answer: () => ({ decision: 'approve_always' }) }, async ({ workspace, sink, loop, startSession }) => {
      const session = await startSession();
      const first = await session.runTurn('first: write one.txt', new AbortController().signal);
      const second = await session.runTurn('second: write two.txt', new AbortController().signal);

      assert.deepEqual([first.status, second.status], ['completed', 'completed']);
      assert.equal(readFileSync(join(workspace, 'one.txt'), 'utf8'), 'one\n');
      assert.equal(readFileSync(join(workspace, 'two.txt'), 'utf8'), 'two\n');
      assert.equal(loop.asked.length, 1, 'the person was asked once');
      assert.equal(sink.approvals.length, 2, 'codex asked twice');
      const auto = loop.approvalsOf(EventTypes.approvalAutoDecided);
      assert.deepEqual(auto.map((approval) => [approval.state, approval.rule?.source, approval.rule?.command_prefix]), [['approved', 'run', 'echo']]);
      // 0.169.0 offers no acceptForSession for this command, so the run rule answers the second request.
      assert.deepEqual(repliesSent(sink), ['accept', 'accept']);

      const seen = sink.approvalTimes[0]!;
      const replied = sink.eventTimes[sink.events.findIndex((event) => event.payload.method === 'opensymphony/approval_replied')]!;
      const commandDone = sink.eventTimes[sink.events.findIndex((event) => event.type === EventTypes.agentItem && (event.payload.item as { type?: string }).type === 'commandExecution')]!;
      const waited = sink.events.find((event) => event.payload.method === 'opensymphony/approval_replied')!.payload.waited_ms;
      t.diagnostic(`approval round trip (person answering at once): request seen by the sink → reply written ${ms(seen, replied)} ms (adapter's own count ${String(waited)} ms); request → command completed ${ms(seen, commandDone)} ms`);
      const seenByRule = sink.approvalTimes[1]!;
      const repliedByRule = sink.eventTimes[sink.events.findLastIndex((event) => event.payload.method === 'opensymphony/approval_replied')]!;
      t.diagnostic(`approval by the run rule: request seen → reply written ${ms(seenByRule, repliedByRule)} ms`);
      assert.ok(replied >= seen && commandDone >= replied);
    });
  });

  it('a WORKFLOW.md rule denies without asking anyone, says which rule, and tells the agent why', async () => {
    const script = { command: (text: string) => (text.includes('Denied by') ? null : 'echo hello > out.txt') };
    const answer = (): never => assert.fail('nobody should be asked');
    await withHumanLoop({ script, rules: [{ action: 'deny', command_prefix: 'echo' }, { action: 'ask' }], answer }, async ({ workspace, server, sink, loop, startSession }) => {
      const session = await startSession();
      const outcome = await session.runTurn('Please create out.txt containing hello', new AbortController().signal);

      assert.equal(outcome.status, 'completed');
      assert.equal(existsSync(join(workspace, 'out.txt')), false);
      assert.equal(loop.asked.length, 0);
      assert.equal(loop.published.filter((event) => event.type === EventTypes.approvalRequested).length, 0, 'no approval.requested reached anyone');
      const audit = loop.published.find((event) => event.type === EventTypes.approvalAutoDecided);
      assert.match(audit?.summary ?? '', /denied by WORKFLOW\.md approvals\.rules\[0\] \(deny command_prefix "echo"\)/);
      assert.deepEqual(repliesSent(sink), ['decline']);
      assert.ok(modelSaw(server.requests, 'Denied by WORKFLOW.md approvals.rules[0]'), 'the denial reason was steered to the agent');
      assert.match(sink.terminalText(), /✗ denied: Denied by WORKFLOW\.md/);
    });
  });

  it('a denial with feedback declines the command and passes the feedback to the agent', async () => {
    const feedback = 'Write the file with printf instead';
    const script = { command: (text: string) => (text.includes(feedback) ? null : 'echo hello > out.txt') };
    await withHumanLoop({ script, answer: () => ({ decision: 'deny', feedback }) }, async ({ workspace, server, sink, loop, startSession }) => {
      const session = await startSession();
      const outcome = await session.runTurn('Please create out.txt containing hello', new AbortController().signal);

      assert.equal(outcome.status, 'completed');
      assert.equal(existsSync(join(workspace, 'out.txt')), false);
      assert.equal(loop.approvalsOf(EventTypes.approvalResolved)[0]?.feedback, feedback);
      assert.deepEqual(repliesSent(sink), ['decline']);
      assert.ok(modelSaw(server.requests, `Their feedback: ${feedback}`), 'the model received the feedback in the same turn');
    });
  });

  it('approve always on a file change answers acceptForSession', async () => {
    const script = { toolCall: () => applyPatchCall('patched.txt', 'hello') };
    await withHumanLoop({ script, answer: () => ({ decision: 'approve_always' }) }, async ({ workspace, sink, loop, startSession }) => {
      const session = await startSession();
      const outcome = await session.runTurn('Please add patched.txt', new AbortController().signal);

      assert.equal(outcome.status, 'completed');
      assert.equal(readFileSync(join(workspace, 'patched.txt'), 'utf8'), 'hello\n');
      assert.deepEqual(repliesSent(sink), ['acceptForSession']);
      assert.equal(loop.asked[0]?.kind, 'file_change');
      assert.deepEqual(loop.service.rulesForRun('run-1').map((rule) => rule.path_glob), ['**']);
    });
  });
});
