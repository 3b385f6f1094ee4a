// The run read routes and run streams through the real gateway, over a real host (orchestrator,
// journal, approvals, task graph, local tracker), on the Unix socket and on TCP.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { GatewayClientError } from '../../../../host/client/gatewayClientError.ts';
import type { EventEnvelope } from '../../../../host/protocol/index.ts';
import { CapabilitiesSchema, DashboardSnapshotSchema, ErrorEnvelopeSchema, RunEventPageSchema } from '../../../../host/protocol/index.ts';
import { auth, deferred, TOKENS } from './gatewayFixture.ts';
import { HostGateway, overTransports } from './hostGatewayFixture.ts';
import { recordSseEvents, recordWebSocketEvents } from './streamRecorders.ts';

const seqs = (events: readonly { seq: number }[]) => events.map((event) => event.seq);

/** Each turn of a run reports `count` agent messages before it waits. */
function chatty(host: HostGateway, count: number): void {
  host.harness.onTurn = ({ sink, identifier }) => {
    for (let index = 0; index < count; index++) sink.event({ type: 'agent.message', summary: `${identifier} says ${index}`, payload: { index } });
  };
}

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GatewayClientError, String(error));
    return { code: error.code, status: error.status };
  }
  throw new Error('expected the call to fail');
}

overTransports('run reads', (transport) => {
  it('GET /runs/{id} describes the run, its issue, workspace, harness session, approvals and event counts', async (t) => {
    const host = await HostGateway.start(t, { transport });
    const run = await host.startRun('OS-3');

    const detail = await host.client('viewer').runDetail(run.id);

    assert.deepEqual([detail.run.id, detail.run.state, detail.issue?.identifier], [run.id, 'running', 'OS-3']);
    assert.deepEqual(detail.workspace, { path: run.workspace_path, branch: null });
    assert.deepEqual(detail.harness, { kind: 'codex', session_id: 'thread-OS-3' });
    assert.deepEqual([detail.approvals, detail.terminal_stream_id], [[], run.terminal_stream_id]);
    const upToDetail = host.runEvents(run.id).filter((event) => event.seq <= detail.last_event_seq);
    assert.equal(detail.event_count, upToDetail.length);
    assert.equal(detail.last_event_seq, upToDetail.at(-1)?.seq);
    assert.deepEqual(await errorOf(host.client('viewer').runDetail('no-such-run')), { code: 'not_found', status: 404 });
  });

  it('GET /runs/{id}/events holds only that run\'s events, pages forward and backward, and filters by type', async (t) => {
    const host = await HostGateway.start(t, { transport });
    chatty(host, 25);
    const first = await host.startRun('OS-1');
    const second = await host.startRun('OS-3');
    await host.event((event) => event.summary === 'OS-3 says 24');
    assert.ok((await host.act('cancel', { run_id: first.id })).accepted);
    await host.event((event) => event.type === 'run.cancelled');
    const expected = seqs(host.runEvents(first.id));
    assert.ok(expected.some((seq) => seq > Math.min(...seqs(host.runEvents(second.id)))), 'the two runs interleave');
    const client = host.client('viewer');

    const forward: number[][] = [];
    for (let cursor = 0, more = true; more;) {
      const page = await client.runEvents(first.id, { cursor, limit: 7 });
      forward.push(seqs(page.events));
      assert.ok(page.events.every((event) => event.entity_refs.some((ref) => ref.kind === 'run' && ref.id === first.id)));
      [cursor, more] = [page.next_cursor, page.has_more];
    }
    const backward: number[][] = [];
    for (let cursor = 0, more = true; more;) {
      const page = await client.runEvents(first.id, { cursor, limit: 7, direction: 'backward' });
      backward.unshift(seqs(page.events));
      [cursor, more] = [page.next_cursor, page.has_more];
    }

    assert.deepEqual(forward.flat(), expected);
    assert.deepEqual(backward.flat(), expected);
    assert.ok(forward.slice(0, -1).every((page) => page.length === 7) && backward.slice(1).every((page) => page.length === 7));
    const messages = await client.runEvents(first.id, { types: ['agent.message'], limit: 100 });
    assert.deepEqual(messages.events.map((event) => event.summary), Array.from({ length: 25 }, (_, index) => `OS-1 says ${index}`));
    const newest = await client.runEvents(first.id, { direction: 'backward', limit: 1, types: ['run.cancelled', 'run.started'] });
    assert.deepEqual([newest.events.map((event) => event.type), newest.has_more, newest.head >= expected.at(-1)!], [['run.cancelled'], true, true]);
  });

  it('event paging parameters are validated with the error envelope', async (t) => {
    const host = await HostGateway.start(t, { transport });
    const run = await host.startRun('OS-3');
    const outcomes = [];
    for (const query of ['direction=sideways', 'limit=0', 'limit=5000', 'cursor=-1', 'types=bad%20type', `cursor=${host.journal.head() + 5}`]) {
      const response = await host.get(`/api/v1/runs/${run.id}/events?${query}`);
      outcomes.push([query.split('=')[0], response.status, ErrorEnvelopeSchema.parse(response.json).error.code]);
    }
    assert.deepEqual(outcomes, [
      ['direction', 400, 'invalid_request'], ['limit', 400, 'invalid_request'], ['limit', 400, 'invalid_request'],
      ['cursor', 400, 'invalid_request'], ['types', 400, 'invalid_request'], ['cursor', 409, 'conflict'],
    ]);
    const empty = RunEventPageSchema.parse((await host.get(`/api/v1/runs/${run.id}/events?cursor=${host.journal.head()}`)).json);
    assert.deepEqual([empty.events, empty.has_more, empty.next_cursor], [[], false, host.journal.head()]);
  });

  it('GET /runs/{id}/logs turns the run\'s events into leveled log lines', async (t) => {
    const host = await HostGateway.start(t, { transport });
    const run = await host.startRun('OS-3');
    await host.act('cancel', { run_id: run.id });
    await host.event((event) => event.type === 'run.cancelled');

    const logs = await host.client('viewer').runLogs(run.id, { direction: 'backward', limit: 50 });

    assert.equal(logs.run_id, run.id);
    assert.deepEqual(logs.lines.map((line) => line.seq), seqs(host.runEvents(run.id)));
    const cancelled = logs.lines.find((line) => line.type === 'run.cancelled');
    assert.deepEqual([cancelled?.level, cancelled?.message], ['warn', host.runEvents(run.id).find((event) => event.type === 'run.cancelled')?.summary]);
    assert.equal(logs.lines.find((line) => line.type === 'run.queued')?.level, 'info');
  });

  it('GET /runs/{id}/terminal/{terminal_id}/snapshot pages the stored output as base64 chunks', async (t) => {
    const host = await HostGateway.start(t, { transport });
    host.harness.onTurn = ({ sink }) => { for (let index = 0; index < 5; index++) sink.output(`line ${index}\n`); };
    const run = await host.startRun('OS-3');
    const stream = run.terminal_stream_id;
    await host.terminalReached(stream, 5);
    const client = host.client('viewer');

    let text = '';
    let pages = 0;
    for (let cursor = 0; ; pages++) {
      const page = await client.terminalSnapshot(run.id, stream, { cursor, limit: 2 });
      if (page.chunks.length === 0) break;
      text += page.chunks.map((chunk) => Buffer.from(chunk.data, 'base64').toString('utf8')).join('');
      cursor = page.next_cursor;
    }

    const stored = host.journal.readTerminal(stream, 0, 1000);
    assert.equal(text, stored.map((chunk) => Buffer.from(chunk.data).toString('utf8')).join(''));
    assert.match(text, /line 0\nline 1\nline 2\nline 3\nline 4\n/);
    assert.equal(pages, Math.ceil(stored.length / 2));
    assert.deepEqual(await errorOf(client.terminalSnapshot(run.id, 'run-other')), { code: 'not_found', status: 404 });
    assert.deepEqual(await errorOf(client.terminalSnapshot(run.id, stream, { cursor: stored.length + 10 })), { code: 'conflict', status: 409 });
  });

  it('a terminal snapshot page stops near 1 MB of output and continues from next_cursor', async (t) => {
    const host = await HostGateway.start(t, { transport });
    const run = await host.startRun('OS-3');
    const stream = run.terminal_stream_id;
    const before = host.journal.terminalHead(stream);
    for (const fill of ['a', 'b', 'c']) await host.journal.appendTerminal(stream, Buffer.alloc(600 * 1024, fill));
    const client = host.client('viewer');

    const sizes: number[] = [];
    for (let cursor = before; ;) {
      const page = await client.terminalSnapshot(run.id, stream, { cursor });
      if (page.chunks.length === 0) break;
      sizes.push(page.chunks.reduce((sum, chunk) => sum + Buffer.from(chunk.data, 'base64').byteLength, 0));
      cursor = page.next_cursor;
    }

    assert.deepEqual(sizes, [600 * 1024, 600 * 1024, 600 * 1024]);
  });

  it('the run stream (WebSocket, SSE and the client) replays the run\'s events, then follows them live, and nothing else', async (t) => {
    const host = await HostGateway.start(t, { transport });
    chatty(host, 10);
    const run = await host.startRun('OS-1');
    const other = await host.startRun('OS-3');
    await host.event((event) => event.summary === 'OS-3 says 9');
    const viewer = auth(TOKENS.viewer);
    const socket = await recordWebSocketEvents(host.endpoint, 0, viewer, { path: `/api/v1/streams/runs/${run.id}` });
    const sse = await recordSseEvents(host.endpoint, '?cursor=0', viewer, `/api/v1/runs/${run.id}/events/stream`);
    assert.ok(!('status' in sse), 'the SSE stream opened');
    const delivered: EventEnvelope[] = [];
    const clientGotLive = deferred('the client to deliver run.message_sent');
    const client = host.client('viewer');
    client.subscribeRunEvents({
      runId: run.id, cursor: 0,
      onEvents: (events) => {
        delivered.push(...events);
        if (events.some((event) => event.type === 'run.message_sent')) clientGotLive.resolve();
      },
    });

    const message = await host.act('send-message', { run_id: run.id, text: 'please add tests' });
    assert.ok(message.accepted, message.reason ?? '');
    const live = await host.event((event) => event.type === 'run.message_sent');
    await Promise.all([socket.reach(live.seq), sse.reach(live.seq), clientGotLive.promise]);

    const expected = seqs(host.runEvents(run.id));
    assert.deepEqual(socket.seqs, expected);
    assert.deepEqual(sse.seqs, expected);
    assert.deepEqual(seqs(delivered), expected);
    assert.ok(!socket.events.some((event) => event.entity_refs.some((ref) => ref.id === other.id)));
    assert.equal(live.correlation_id, message.correlation_id);
    socket.socket.close();
    sse.close();
    const refused = await recordSseEvents(host.endpoint, '', viewer, '/api/v1/runs/no-such-run/events/stream');
    assert.deepEqual('status' in refused ? refused.status : 'open', 404);
  });

  it('the snapshot carries the gateway\'s stream health; capabilities list every action and stream', async (t) => {
    const host = await HostGateway.start(t, { transport });
    const run = await host.startRun('OS-3');
    const client = host.client('viewer');
    const connected = deferred('the run stream to connect');
    const subscription = client.subscribeRunEvents({ runId: run.id, cursor: 0, onEvents: () => undefined, onStatus: (status) => { if (status === 'connected') connected.resolve(); } });
    await connected.promise;

    const snapshot = DashboardSnapshotSchema.parse(await client.snapshot());
    const capabilities = CapabilitiesSchema.parse(await client.capabilities());

    assert.equal(snapshot.gateway?.streams.runs?.by_transport.websocket, 1);
    assert.equal(snapshot.gateway?.listeners.length, transport === 'unix' ? 1 : 2);
    assert.deepEqual(capabilities.streams, ['events', 'runs', 'terminal', 'planning']);
    assert.deepEqual(capabilities.harnesses, ['codex', 'openhands']);
    assert.equal(capabilities.selected_harness, 'codex', 'the loaded workflow selects the default harness');
    for (const action of ['retry', 'cancel', 'pause', 'resume', 'rehydrate', 'comment', 'transition-issue', 'create-followup', 'create-milestone']) {
      assert.ok(capabilities.actions.includes(action), action);
    }
    subscription.dispose();
  });
});
