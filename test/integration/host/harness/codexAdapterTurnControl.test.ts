// Turn control against the REAL codex app-server: cancellation, silence timeout, a dying process,
// a cancelled approval and a file-change approval.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EventTypes } from '../../../../host/protocol/eventTypes.ts';
import { applyPatchCall } from '../../../fakes/mockResponsesServer.ts';
import { withCodexFixture } from './codexFixture.ts';

const TEST_TIMEOUT_MS = 60_000;
const REQUEST_WAIT_MS = 10_000;

describe('Codex adapter turn control with the real codex app-server', { timeout: TEST_TIMEOUT_MS }, () => {
  it('interrupts the turn when its signal aborts', async (t) => {
    await withCodexFixture({ script: { failure: 'hang' } }, async ({ server, startSession }) => {
      const session = await startSession();
      const abort = new AbortController();
      const turn = session.runTurn('wait forever', abort.signal);
      await server.waitForRequests(1, REQUEST_WAIT_MS);
      const abortedAt = performance.now();
      abort.abort();
      const outcome = await turn;
      t.diagnostic(`abort → outcome in ${(performance.now() - abortedAt).toFixed(0)} ms`);

      assert.equal(outcome.status, 'interrupted');
      assert.equal(outcome.error?.code, 'turn_cancelled');
      assert.ok(outcome.turnId);
    });
  });

  it('interrupts the active turn when the session signal aborts', async () => {
    await withCodexFixture({ script: { failure: 'hang' } }, async ({ server, sessionAbort, startSession }) => {
      const session = await startSession();
      const turn = session.runTurn('wait forever', new AbortController().signal);
      await server.waitForRequests(1, REQUEST_WAIT_MS);
      sessionAbort.abort();

      assert.equal((await turn).error?.code, 'turn_cancelled');
    });
  });

  it('fails with turn_timeout when the server stays silent', async (t) => {
    await withCodexFixture({ script: { failure: 'hang' } }, async ({ startSession }) => {
      const session = await startSession({ turnTimeoutMs: 1_500 });
      const started = performance.now();
      const outcome = await session.runTurn('wait forever', new AbortController().signal);
      t.diagnostic(`silent turn → ${outcome.error?.code} after ${(performance.now() - started).toFixed(0)} ms`);

      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.error?.code, 'turn_timeout');
    });
  });

  it('fails with port_exit when the app-server dies mid-turn, and later turns fail at once', async () => {
    await withCodexFixture({ script: { failure: 'hang' } }, async ({ server, sink, startSession }) => {
      const session = await startSession();
      const pid = sink.eventsOfType(EventTypes.sessionStarted)[0]?.payload.codex_app_server_pid;
      assert.equal(typeof pid, 'number');
      const turn = session.runTurn('wait forever', new AbortController().signal);
      await server.waitForRequests(1, REQUEST_WAIT_MS);
      process.kill(-(pid as number), 'SIGKILL');

      const outcome = await turn;
      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.error?.code, 'port_exit');
      assert.equal((await session.runTurn('again', new AbortController().signal)).error?.code, 'port_exit');
    });
  });

  it('answers cancel when the approval is cancelled, which interrupts the turn', async () => {
    const decide = (): Promise<never> => Promise.reject(new Error('run cancelled'));
    await withCodexFixture({ decide }, async ({ workspace, sink, startSession }) => {
      const session = await startSession();
      const outcome = await session.runTurn('Please create out.txt containing hello', new AbortController().signal);

      assert.equal(outcome.status, 'interrupted');
      assert.equal(existsSync(join(workspace, 'out.txt')), false);
      assert.match(sink.terminalText(), /approval cancelled/);
    });
  });

  it('asks approval for a file change with the files from the started item', async () => {
    const script = { toolCall: () => applyPatchCall('patched.txt', 'hello') };
    await withCodexFixture({ script }, async ({ workspace, sink, startSession }) => {
      const session = await startSession();
      const outcome = await session.runTurn('Please add patched.txt', new AbortController().signal);

      assert.equal(outcome.status, 'completed');
      assert.equal(readFileSync(join(workspace, 'patched.txt'), 'utf8'), 'hello\n');
      assert.equal(sink.approvals[0]?.kind, 'file_change');
      assert.deepEqual(sink.approvals[0]?.files, [join(workspace, 'patched.txt')]);
    });
  });
});
