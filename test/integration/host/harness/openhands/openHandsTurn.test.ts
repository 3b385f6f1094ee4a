// Turns against the fake agent-server: the happy path end to end, execution statuses that fail a
// turn, the silence timeout, cancellation, pause/resume and the history read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventTypes } from '../../../../../host/protocol/eventTypes.ts';
import { ManualClock } from '../../../../fakes/manualClock.ts';
import { deliveryFigures, withOpenHandsFixture } from './openHandsFixture.ts';

const TEST_TIMEOUT_MS = 30_000;
const ANSI = /\x1b\[[0-9;]*m/g;

describe('OpenHands adapter turns against the fake agent-server', { timeout: TEST_TIMEOUT_MS }, () => {
  it('runs a turn end to end: message + run, events normalised, terminal output, tokens', async (t) => {
    await withOpenHandsFixture({}, async ({ server, workspace, sink, startSession }) => {
      const session = await startSession();
      const outcome = await session.runTurn('Say hello', new AbortController().signal);

      assert.equal(outcome.status, 'completed');
      assert.equal(outcome.error, null);
      const conversation = server.onlyConversation();
      const userMessage = conversation.events.find((event) => event.kind === 'MessageEvent' && event.source === 'user');
      assert.equal(outcome.turnId, userMessage?.id, 'the turn id is the id of our stored user message');
      assert.equal(session.sessionId, conversation.id);

      const create = server.requests.find((request) => request.method === 'POST' && request.path === '/api/conversations');
      const body = create?.body as { workspace: { working_dir: string }; agent: { kind: string; llm: { model: string } }; confirmation_policy: { kind: string } };
      assert.equal(body.workspace.working_dir, workspace);
      assert.equal(body.agent.kind, 'Agent');
      assert.equal(body.agent.llm.model, 'openai/fake-model');
      assert.equal(body.confirmation_policy.kind, 'NeverConfirm');
      const turnCalls = server.requests.filter((request) => /\/(events|run)$/.test(request.path) && request.method === 'POST').map((request) => request.path.split('/').pop());
      assert.deepEqual(turnCalls, ['events', 'run'], 'a turn is send message, then run');

      assert.equal(sink.eventsOfType(EventTypes.sessionStarted).length, 1);
      assert.equal(sink.eventsOfType(EventTypes.turnStarted)[0]?.payload.turn_id, userMessage?.id);
      assert.equal(sink.eventsOfType(EventTypes.agentMessage).at(-1)?.payload.text, 'Done: Say hello');
      const items = sink.eventsOfType(EventTypes.agentItem).map((event) => event.payload.kind);
      assert.deepEqual(items, ['ActionEvent', 'ObservationEvent']);
      const tokens = sink.eventsOfType(EventTypes.tokensUpdated).at(-1)?.payload;
      assert.equal(tokens?.input_tokens, 120);
      assert.equal(tokens?.output_tokens, 30);
      assert.equal(tokens?.total_tokens, 150);
      assert.equal(tokens?.thread_id, conversation.id);
      assert.equal(sink.eventsOfType(EventTypes.turnCompleted)[0]?.payload.status, 'completed');

      const terminal = sink.terminalText();
      assert.match(terminal, /\x1b\[1m\x1b\[33m\$ echo hello\x1b\[0m\r\n/, 'the command is bold yellow on its own line');
      assert.match(terminal.replace(ANSI, ''), /hello\r\nexit 0\r\nDone: Say hello\r\n/);
      assert.doesNotMatch(terminal, /[^\r]\n/, 'every newline is \\r\\n');

      const figures = deliveryFigures(server, sink);
      t.diagnostic(`stored ${figures.sent}, reached the sink ${figures.received}, duplicates ${figures.duplicates}`);
      assert.deepEqual(figures.missing, []);
      assert.equal(figures.duplicates, 0);
    });
  });

  it('runs a second turn on the same conversation; statuses of the first do not end it', async () => {
    await withOpenHandsFixture({}, async ({ server, startSession }) => {
      const session = await startSession();
      assert.equal((await session.runTurn('first', new AbortController().signal)).status, 'completed');
      const second = await session.runTurn('second', new AbortController().signal);

      assert.equal(second.status, 'completed');
      const messages = server.onlyConversation().events.filter((event) => event.kind === 'MessageEvent' && event.source === 'agent');
      assert.equal(messages.length, 2, 'the second turn waited for its own run to finish');
    });
  });

  it('fails the turn with turn_failed and the ConversationErrorEvent detail on status error', async () => {
    const script = (): [{ type: 'error'; code: string; detail: string }] => [{ type: 'error', code: 'MaxIterationsReached', detail: 'Agent reached maximum iterations limit (3).' }];
    await withOpenHandsFixture({ server: { script } }, async ({ sink, startSession }) => {
      const session = await startSession();
      const outcome = await session.runTurn('loop forever', new AbortController().signal);

      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.error?.code, 'turn_failed');
      assert.equal(outcome.error?.message, 'MaxIterationsReached: Agent reached maximum iterations limit (3).');
      assert.match(sink.terminalText(), /error: MaxIterationsReached/);
    });
  });

  it('fails the turn with turn_stalled on status stuck', async () => {
    await withOpenHandsFixture({ server: { script: () => [{ type: 'stuck' }] } }, async ({ startSession }) => {
      const session = await startSession();
      const outcome = await session.runTurn('repeat yourself', new AbortController().signal);

      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.error?.code, 'turn_stalled');
    });
  });

  it('fails with turn_timeout when the agent goes silent, and pauses the conversation', async () => {
    await withOpenHandsFixture({ server: { script: () => [{ type: 'hang' }] } }, async ({ server, waitForConversation, startSession }) => {
      const clock = new ManualClock();
      const session = await startSession({ turnTimeoutMs: 400, clock });
      const turn = session.runTurn('think forever', new AbortController().signal);
      await waitForConversation((conversation) => conversation.status === 'running', 'the run to start');
      clock.advance(400);
      const outcome = await turn;

      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.error?.code, 'turn_timeout');
      assert.match(outcome.error?.message ?? '', /no event for 400 ms/);
      assert.ok(server.requests.some((request) => request.path.endsWith('/pause')), 'the agent is paused so it stops spending');
      assert.equal(server.onlyConversation().status, 'paused');
    });
  });

  it('cancels mid-turn: pauses the conversation and reports turn_cancelled', async () => {
    const script = (): { type: 'command'; command: string }[] => Array.from({ length: 400 }, (_, index) => ({ type: 'command' as const, command: `echo ${index}` }));
    await withOpenHandsFixture({ server: { script, stepDelayMs: 5 } }, async ({ server, sink, waitForSink, startSession }) => {
      const session = await startSession();
      const abort = new AbortController();
      const turn = session.runTurn('count to 400', abort.signal);
      await waitForSink(() => sink.eventsOfType(EventTypes.agentItem).length >= 4, 'the agent to get going');
      abort.abort();
      const outcome = await turn;

      assert.equal(outcome.status, 'interrupted');
      assert.equal(outcome.error?.code, 'turn_cancelled');
      assert.ok(server.requests.some((request) => request.path.endsWith('/pause')));
      assert.equal(server.onlyConversation().status, 'paused');
      assert.ok(server.onlyConversation().events.length < 400, 'the run stopped early');
    });
  });

  it('exposes pause, resume, cancel and the paged history on the session', async () => {
    const script = (): { type: 'command'; command: string }[] => Array.from({ length: 150 }, (_, index) => ({ type: 'command' as const, command: `echo ${index}` }));
    await withOpenHandsFixture({ server: { script, stepDelayMs: 1 } }, async ({ server, sink, waitForSink, waitForConversation, startSession }) => {
      const session = await startSession({ turnTimeoutMs: 1_000 });
      assert.deepEqual(session.capabilities, {
        resumeSession: true, attachFromCursor: true, sendMessage: true, cancel: true, pauseResume: true,
        history: true, reconnect: true, approvals: true, approveForSession: false,
      });
      const turn = session.runTurn('count to 150', new AbortController().signal);
      await waitForSink(() => sink.eventsOfType(EventTypes.agentItem).length >= 4, 'the agent to get going');
      await session.pause();
      await waitForConversation((conversation) => conversation.status === 'paused' && !conversation.isRunning, 'the run to stop');
      await session.resume();
      const outcome = await turn;
      assert.equal(outcome.status, 'completed', 'a paused turn is not timed out and completes after resume');

      const history = await session.fetchHistory();
      const stored = server.onlyConversation().events;
      assert.ok(stored.length > 300, `more than three pages of events (${stored.length})`);
      assert.deepEqual(history.map((event) => event.id), stored.map((event) => event.id));
      const searches = server.requests.filter((request) => request.path.endsWith('/events/search'));
      assert.ok(searches.length >= 4);
      assert.ok(searches.every((request) => new URLSearchParams(request.query).get('limit') === '100'), 'pages of 100, the most the server allows (A4)');

      await session.cancel();
      assert.match(server.requests.at(-1)?.path ?? '', /\/pause$/, 'cancel without a turn still asks the agent to stop');
      assert.equal(server.onlyConversation().status, 'finished', 'pause only acts on idle or running conversations (A5)');
    });
  });
});
