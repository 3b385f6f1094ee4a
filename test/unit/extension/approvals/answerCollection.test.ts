import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type AnswerChoice, type AnswerPrompter, answerChoices, collectAnswers, OTHER_ANSWER_LABEL, validateAnswer } from '../../../../extension/approvals/answerCollection.ts';
import { MAX_APPROVAL_ANSWER_CHARS } from '../../../../host/protocol/index.ts';
import { aQuestion } from '../../../fakes/approvalBuilder.ts';

type Reply = { pick: string } | { text: string } | 'dismiss';

/** A prompter that replays the user's scripted replies and records every prompt it was given. */
function scriptedPrompter(replies: Reply[]) {
  const seen: { kind: 'pick' | 'text'; question: string; step: string; choices?: string[]; secret?: boolean }[] = [];
  const next = () => { const reply = replies.shift(); assert.ok(reply, 'a prompt nobody scripted'); return reply; };
  const prompter: AnswerPrompter = {
    async pick(step, choices) {
      seen.push({ kind: 'pick', question: step.question.id, step: `${step.index + 1}/${step.total}`, choices: choices.map((choice) => choice.label) });
      const reply = next();
      if (reply === 'dismiss') return undefined;
      assert.ok('pick' in reply, `expected a pick for ${step.question.id}`);
      return choices.find((choice: AnswerChoice) => choice.label === reply.pick);
    },
    async text(step, options) {
      seen.push({ kind: 'text', question: step.question.id, step: `${step.index + 1}/${step.total}`, secret: options.secret });
      const reply = next();
      if (reply === 'dismiss') return undefined;
      assert.ok('text' in reply, `expected text for ${step.question.id}`);
      assert.equal(options.validate(reply.text), undefined, 'the scripted text is valid');
      return reply.text;
    },
  };
  return { prompter, seen, left: () => replies.length };
}

const branch = aQuestion({ id: 'branch', options: [{ label: 'main', description: 'the default' }, { label: 'dev', description: null }], allow_other: true });
const reason = aQuestion({ id: 'reason' });
const token = aQuestion({ id: 'token', secret: true });

describe('answering a user_input request', () => {
  it('walks the questions in order: an option by label, free text, and a masked secret', async () => {
    const { prompter, seen, left } = scriptedPrompter([{ pick: 'dev' }, { text: 'tests are flaky' }, { text: 's3cret' }]);
    const answers = await collectAnswers([branch, reason, token], prompter);
    assert.deepEqual(answers, { branch: 'dev', reason: 'tests are flaky', token: 's3cret' });
    assert.deepEqual(seen.map((prompt) => `${prompt.kind}:${prompt.question}:${prompt.step}`), ['pick:branch:1/3', 'text:reason:2/3', 'text:token:3/3']);
    assert.deepEqual(seen.map((prompt) => prompt.secret), [undefined, false, true]);
    assert.equal(left(), 0);
  });

  it('offers "Other…" only when free text is allowed, then asks for the text', async () => {
    assert.deepEqual(answerChoices(branch).map((choice) => choice.label), ['main', 'dev', OTHER_ANSWER_LABEL]);
    assert.deepEqual(answerChoices({ ...branch, allow_other: false }).map((choice) => choice.label), ['main', 'dev']);
    const { prompter, seen } = scriptedPrompter([{ pick: OTHER_ANSWER_LABEL }, { text: 'release/2.0' }]);
    assert.deepEqual(await collectAnswers([branch], prompter), { branch: 'release/2.0' });
    assert.deepEqual(seen.map((prompt) => prompt.kind), ['pick', 'text']);
  });

  it('returns nothing when the user dismisses any prompt, so a half-answered request is never sent', async () => {
    const { prompter, left } = scriptedPrompter([{ pick: 'main' }, 'dismiss', { text: 'never asked' }]);
    assert.equal(await collectAnswers([branch, reason, token], prompter), undefined);
    assert.equal(left(), 1, 'stops at the dismissed prompt');
    assert.equal(await collectAnswers([branch], scriptedPrompter(['dismiss']).prompter), undefined);
  });

  it('refuses an empty or oversized answer with a message that says what to do', () => {
    assert.match(validateAnswer('   ') ?? '', /Enter an answer, or press Escape/);
    assert.match(validateAnswer('x'.repeat(MAX_APPROVAL_ANSWER_CHARS + 1)) ?? '', /at most 16000 characters/);
    assert.equal(validateAnswer('ok'), undefined);
  });
});
