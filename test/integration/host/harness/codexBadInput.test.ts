// A harness that misbehaves, inside a real orchestrator and journal: malformed JSON, an unknown event
// kind, a line over the cap, an exit mid-turn, a request never answered, a turn gone silent. Each
// bad run fails with a typed reason and keeps its raw data (the events' raw_ref resolve); the good
// run beside them completes, and the host takes new work afterwards.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { EventEnvelope, Run } from '../../../../host/protocol/index.ts';
import { EventTypes } from '../../../../host/protocol/index.ts';
import { createCodexAdapter } from '../../../../host/harness/codex/codexAdapter.ts';
import { OrchestratorEventTypes } from '../../../../host/orchestrator/orchestratorJournal.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { waitForEvent } from '../../../fakes/journalWaiter.ts';
import { completed } from '../../../fakes/scriptedHarness.ts';
import { OrchestratorFixture, ofIssue } from '../../../unit/host/orchestrator/orchestratorFixture.ts';

const TEST_TIMEOUT_MS = 120_000;
const scriptedServer = fileURLToPath(new URL('./fakes/scriptedAppServer.ts', import.meta.url));
const IDENTIFIERS = ['GOOD-1', 'BAD-KIND', 'BAD-JSON', 'BAD-CAP', 'BAD-EXIT', 'BAD-NOANSWER', 'BAD-SILENT'];

/** A HOME without a login profile: `bash -lc` must not run the machine's (slow, lock-taking) one. */
const quietHome = mkdtempSync(join(tmpdir(), 'opensymphony-home-'));

function scriptedAdapter(readTimeoutMs: number) {
  return createCodexAdapter({
    command: `'${process.execPath}' --disable-warning=MODULE_TYPELESS_PACKAGE_JSON '${scriptedServer}' by_prompt`,
    approvalPolicy: 'untrusted', threadSandbox: 'workspace-write', turnSandboxPolicy: null, readTimeoutMs, turnTimeoutMs: 1_500,
    env: { ...process.env, HOME: quietHome },
  });
}

describe('a misbehaving harness in a running host', { timeout: TEST_TIMEOUT_MS }, () => {
  let fixture: OrchestratorFixture;
  const ended = new Map<string, Run>();

  before(async () => {
    const issues = IDENTIFIERS.map((identifier) => anIssue({ identifier, state: identifier === 'BAD-NOANSWER' ? 'Backlog' : 'Todo' }));
    fixture = new OrchestratorFixture({ issues, script: async () => completed, frontMatter: { agent: { max_turns: 1 } } });
    // Six app-servers start at once (on a shared, loaded machine), so the handshake gets ample time; a turn's silence limit is short.
    fixture.harnessFactory = () => scriptedAdapter(40_000);
    await fixture.orchestrator.tick();
    for (const identifier of IDENTIFIERS.filter((id) => id !== 'BAD-NOANSWER')) ended.set(identifier, await retrying(identifier));
    // The unanswered request needs a short read timeout, so it runs alone once the others are done.
    fixture.harnessFactory = () => scriptedAdapter(8_000);
    assert.equal((await fixture.orchestrator.dispatch('BAD-NOANSWER', null)).accepted, true);
    ended.set('BAD-NOANSWER', await retrying('BAD-NOANSWER'));
  });
  after(async () => {
    await fixture.dispose();
    rmSync(quietHome, { recursive: true, force: true });
  });

  const retrying = async (identifier: string): Promise<Run> => {
    const event = await waitForEvent(fixture.journal, (candidate) => candidate.type === OrchestratorEventTypes.runRetrying && ofIssue(identifier)(candidate.payload.run as Run), 60_000);
    return event.payload.run as Run;
  };
  const eventsOf = (identifier: string): EventEnvelope[] => {
    const runId = ended.get(identifier)!.id;
    return fixture.events().filter((event) => event.payload.run_id === runId);
  };
  const rawOf = (event: EventEnvelope | undefined) => (event?.raw_ref ? fixture.journal.readRaw(event.raw_ref) : undefined);
  const failedTurn = (identifier: string) => eventsOf(identifier).find((event) => event.type === EventTypes.turnCompleted && event.payload.status === 'failed');

  it('completes the good run beside the bad ones', () => {
    assert.deepEqual([ended.get('GOOD-1')?.retry?.kind, ended.get('GOOD-1')?.error], ['continuation', null]);
    assert.equal(fixture.orchestrator.runningRows().length, 0, 'no worker is left hanging');
  });

  it('fails each bad run with a typed reason', () => {
    const reasons = Object.fromEntries(IDENTIFIERS.filter((id) => id.startsWith('BAD-')).map((id) => [id, /^(\w+):/.exec(ended.get(id)?.error ?? '')?.[1]]));
    assert.deepEqual(reasons, {
      'BAD-KIND': 'unknown_event', 'BAD-JSON': 'protocol_error', 'BAD-CAP': 'protocol_error', 'BAD-EXIT': 'port_exit', 'BAD-NOANSWER': 'response_timeout', 'BAD-SILENT': 'turn_timeout',
    });
  });

  it('keeps every failed turn\'s diagnosis raw: stdout tail, stderr tail and the error', () => {
    for (const identifier of ['BAD-KIND', 'BAD-JSON', 'BAD-CAP', 'BAD-EXIT', 'BAD-NOANSWER', 'BAD-SILENT']) {
      const raw = rawOf(failedTurn(identifier));
      assert.equal(raw?.source, 'codex/failure', `${identifier}'s turn.completed has a raw_ref that resolves`);
      assert.equal(raw?.runId, ended.get(identifier)?.id);
    }
    const exit = JSON.parse(rawOf(failedTurn('BAD-EXIT'))!.body) as { stderr_tail: string[]; error: { code: string } };
    assert.deepEqual([exit.error.code, exit.stderr_tail.at(-1)], ['port_exit', 'fatal: dying on purpose mid-turn']);
  });

  it('keeps the malformed line, the over-long line and the unknown kind verbatim', () => {
    const malformed = eventsOf('BAD-JSON').filter((event) => event.payload.method === 'codex/malformed');
    assert.equal(malformed.length, 1, 'the first malformed line fails the run');
    assert.equal(rawOf(malformed[0])?.body, '{"method":"item/started","params":{broken json');
    assert.ok(!eventsOf('BAD-JSON').some((event) => event.type === EventTypes.agentMessage), 'nothing after the malformed line was taken as the agent\'s');
    const overflow = rawOf(eventsOf('BAD-CAP').find((event) => event.payload.method === 'codex/stdout_overflow'));
    assert.equal(overflow?.body.length, 64 * 1024, 'the start of the line, capped');
    const unknown = eventsOf('BAD-KIND').find((event) => event.payload.method === 'future/unknownThing');
    assert.equal(unknown?.payload.unknown_method, true);
    assert.deepEqual(JSON.parse(rawOf(unknown)!.body), { method: 'future/unknownThing', params: { threadId: 'thread-fake', detail: 'a kind this adapter has never seen' } });
    assert.match(ended.get('BAD-KIND')?.error ?? '', /"future\/unknownThing", which the pinned protocol \(0\.169\.0\) does not define/);
  });
});
