// The agent's questions between the REAL codex app-server (its `request_user_input` tool, switched
// on outside Plan mode by a feature flag) and a scripted person behind the approval service: an
// answer reaches the model, and a question nobody answers fails the turn without stalling it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { EventTypes } from '../../../../host/protocol/eventTypes.ts';
import type { MockResponsesScript } from '../../../fakes/mockResponsesServer.ts';
import type { CodexFixture } from './codexFixture.ts';
import { withCodexFixture } from './codexFixture.ts';
import { createHumanLoop } from './humanLoop.ts';
import type { HumanLoop, HumanLoopOptions } from './humanLoop.ts';

const TEST_TIMEOUT_MS = 60_000;

const COLOUR_QUESTION = {
  id: 'colour', header: 'Colour', question: 'Which colour should the button be?',
  options: [{ label: 'red', description: 'warm' }, { label: 'blue', description: 'cool' }],
};

/** The model asks its question for a new prompt, then reports what the tool returned. */
const script: Partial<MockResponsesScript> = {
  command: () => null,
  toolCall: () => ({ type: 'function', name: 'request_user_input', arguments: { questions: [COLOUR_QUESTION] } }),
  finalText: (_userText, toolOutput) => `the user said: ${toolOutput ?? 'nothing'}`,
};

async function withQuestions(options: Omit<HumanLoopOptions, 'workspacePath'>, body: (fixture: CodexFixture & { loop: HumanLoop }) => Promise<void>): Promise<void> {
  let loop: HumanLoop | undefined;
  const answerQuestions = (request: Parameters<HumanLoop['askUser']>[0]) => loop!.askUser(request);
  await withCodexFixture({ script, answerQuestions, features: ['default_mode_request_user_input'] }, async (fixture) => {
    loop = createHumanLoop({ ...options, workspacePath: fixture.workspace });
    await body({ ...fixture, loop });
  });
}

const ms = (from: number, to: number): string => (to - from).toFixed(1);

describe('user input with the real codex app-server', { timeout: TEST_TIMEOUT_MS }, () => {
  it('asks the person, passes the answer to the model and completes the turn; the round trip is measured', async (t: TestContext) => {
    await withQuestions({ answer: () => ({ decision: 'approve', answers: { colour: 'blue' } }) }, async ({ server, sink, loop, startSession }) => {
      const session = await startSession();
      const outcome = await session.runTurn('Ask me which colour the button should be', new AbortController().signal);

      assert.equal(outcome.status, 'completed');
      const [asked] = loop.asked;
      assert.equal(asked?.kind, 'user_input');
      // Codex always offers free text besides the options (isOther).
      assert.deepEqual(asked?.questions, [{ ...COLOUR_QUESTION, allow_other: true, secret: false }]);
      assert.deepEqual(loop.approvalsOf(EventTypes.approvalResolved)[0]?.answers, { colour: 'blue' });
      const toolOutput = server.requests.map((request) => JSON.stringify(request.body.input?.at(-1) ?? null)).find((item) => item.includes('function_call_output'));
      assert.match(toolOutput ?? '', /blue/, 'the answer reached the model as the tool output');
      assert.match(sink.eventsOfType(EventTypes.agentMessage).map((event) => String(event.payload.text)).join('\n'), /the user said: .*blue/);

      // A second question on the same thread: the first round trip includes one-off warm-up in the process.
      assert.equal((await session.runTurn('Ask me again', new AbortController().signal)).status, 'completed');
      const replied = sink.events.flatMap((event, index) => (event.payload.method === 'opensymphony/question_replied' ? [index] : []));
      assert.deepEqual(replied.map((index) => sink.events[index]?.payload.outcome), ['answered', 'answered']);
      const trips = replied.map((index, nth) => `${ms(sink.questionTimes[nth]!, sink.eventTimes[index]!)} ms`);
      t.diagnostic(`user-input round trip (person answering at once): question seen by the sink → reply written, first ${trips[0]}, second ${trips[1]}`);
    });
  });

  it('a question nobody answers expires, is cancelled, and fails the turn with turn_input_required; the silence clock waits meanwhile', async () => {
    const never = (): Promise<never> => new Promise(() => undefined);
    await withQuestions({ inputTimeoutMs: 4_000, answer: never }, async ({ server, sink, loop, startSession }) => {
      // Silence limit shorter than the question's deadline: only a paused silence clock lets the question expire first.
      const session = await startSession({ turnTimeoutMs: 2_500 });
      const outcome = await session.runTurn('Ask me which colour the button should be', new AbortController().signal);

      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.error?.code, 'turn_input_required');
      assert.match(outcome.error?.message ?? '', /"Which colour should the button be\?" and got no answer within 4 s/);
      const [resolved] = loop.approvalsOf(EventTypes.approvalResolved);
      assert.deepEqual([resolved?.state, resolved?.cancel_reason], ['cancelled', 'no answer within 4 s']);
      assert.equal(sink.events.find((event) => event.payload.method === 'opensymphony/question_replied')?.payload.outcome, 'expired');
      assert.ok(!server.requests.some((request) => JSON.stringify(request.body.input ?? []).includes('the user said')), 'no answer was invented');
      assert.match(sink.terminalText(), /\? the agent asks you: Which colour/);
    });
  });
});
