import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenReporter, tokenTotalsFromStats } from '../../../../../host/harness/openhands/tokenUsage.ts';

function metrics(prompt: number, completion: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { accumulated_cost: 0.5, accumulated_token_usage: { prompt_tokens: prompt, completion_tokens: completion, cache_read_tokens: 10, reasoning_tokens: 5, context_window: 200_000, ...extra } };
}

describe('token totals from ConversationStats', () => {
  it('sums accumulated usage over every LLM of the conversation', () => {
    const totals = tokenTotalsFromStats({ usage_to_metrics: { agent: metrics(100, 20), condenser: metrics(50, 5, { context_window: 100_000 }) } });
    assert.deepEqual(totals, {
      input_tokens: 150, output_tokens: 25, total_tokens: 175, cached_input_tokens: 20, reasoning_output_tokens: 10,
      model_context_window: 200_000, accumulated_cost_usd: 1,
    });
  });

  it('is null when no usage was reported, and ignores garbage numbers', () => {
    assert.equal(tokenTotalsFromStats({ usage_to_metrics: {} }), null);
    assert.equal(tokenTotalsFromStats(null), null);
    assert.equal(tokenTotalsFromStats({ usage_to_metrics: { agent: metrics(-3, Number.NaN) } })?.total_tokens, 0);
  });

  it('reports only changes', () => {
    const reporter = new TokenReporter();
    const totals = tokenTotalsFromStats({ usage_to_metrics: { agent: metrics(1, 1) } })!;
    assert.equal(reporter.changed(totals), true);
    assert.equal(reporter.changed({ ...totals }), false);
    assert.equal(reporter.changed({ ...totals, input_tokens: 2 }), true);
  });
});
