import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { TokenAccount } from '../../../../host/orchestrator/tokenAccount.ts';
import { OrchestratorEventTypes } from '../../../../host/orchestrator/orchestratorJournal.ts';
import { EventTypes } from '../../../../host/protocol/index.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { completed } from '../../../fakes/scriptedHarness.ts';
import { OrchestratorFixture, ofIssue } from './orchestratorFixture.ts';

const usage = (thread: string, input: number, output: number) => ({ type: EventTypes.tokensUpdated, summary: '', payload: { thread_id: thread, input_tokens: input, output_tokens: output, total_tokens: input + output } });

describe('token accounting', () => {
  it('adds only the growth of a thread\'s absolute totals, so repeated or stale reports count once', () => {
    const account = new TokenAccount();
    assert.deepEqual(account.observe('t1', { input_tokens: 100, output_tokens: 10, total_tokens: 110 }), { input_tokens: 100, output_tokens: 10, total_tokens: 110 });
    assert.deepEqual(account.observe('t1', { input_tokens: 100, output_tokens: 10, total_tokens: 110 }), { input_tokens: 0, output_tokens: 0, total_tokens: 0 });
    assert.deepEqual(account.observe('t1', { input_tokens: 90, output_tokens: 30, total_tokens: 120 }), { input_tokens: 0, output_tokens: 20, total_tokens: 10 });
  });

  it('starts a new thread from zero', () => {
    const account = new TokenAccount();
    account.observe('t1', { input_tokens: 100, output_tokens: 10, total_tokens: 110 });
    assert.deepEqual(account.observe('t2', { input_tokens: 5, output_tokens: 1, total_tokens: 6 }), { input_tokens: 5, output_tokens: 1, total_tokens: 6 });
  });

  describe('through the orchestrator', () => {
    let fixture: OrchestratorFixture | undefined;
    afterEach(async () => { await fixture?.dispose(); fixture = undefined; });

    it('keeps per-run totals and adds every run\'s deltas once to codex_totals, with seconds of ended workers', async () => {
      fixture = new OrchestratorFixture({
        issues: [anIssue({ identifier: 'T-1', state: 'Backlog' }), anIssue({ identifier: 'T-2', state: 'Backlog' })],
        script: async (sink, input) => {
          const thread = input.includes('T-1') ? 'a' : 'b';
          sink.event(usage(thread, 100, 10));
          fixture!.clock.advance(2_000);
          sink.event(usage(thread, 250, 30));
          sink.event(usage(thread, 250, 30));
          return completed;
        },
      });
      await fixture.orchestrator.dispatch('T-1', null);
      const first = await fixture.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('T-1'));
      await fixture.orchestrator.dispatch('T-2', null);
      await fixture.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('T-2'));
      assert.deepEqual(first.tokens, { input_tokens: 250, output_tokens: 30, total_tokens: 280 });
      assert.deepEqual(fixture.orchestrator.totals(), { input_tokens: 500, output_tokens: 60, total_tokens: 560, seconds_running: 4 });
    });

    it('keeps the latest rate-limit payload an agent reported', async () => {
      const limits = { primary: { usedPercent: 42, windowDurationMins: 300 } };
      fixture = new OrchestratorFixture({
        issues: [anIssue({ identifier: 'L-1', state: 'Backlog' })],
        script: async (sink) => {
          sink.event({ type: EventTypes.agentNotification, summary: 'limits', payload: { method: 'account/rateLimits/updated', params: { rateLimits: { primary: { usedPercent: 1 } } } } });
          sink.event({ type: EventTypes.agentNotification, summary: 'limits', payload: { method: 'account/rateLimits/updated', params: { rateLimits: limits } } });
          sink.event({ type: EventTypes.agentNotification, summary: 'other', payload: { method: 'thread/started', params: {} } });
          return completed;
        },
      });
      assert.equal(fixture.orchestrator.rateLimits(), null);
      await fixture.orchestrator.dispatch('L-1', null);
      await fixture.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('L-1'));
      assert.deepEqual(fixture.orchestrator.rateLimits(), { rateLimits: limits });
    });
  });
});
