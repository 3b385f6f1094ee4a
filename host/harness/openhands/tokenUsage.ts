/** Token totals in the shape `tokens.updated` carries (the Codex adapter's field names). */
export interface TokenTotalsPayload {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  cached_input_tokens: number;
  reasoning_output_tokens: number;
  model_context_window: number | null;
  accumulated_cost_usd: number;
}

interface TokenUsageFields {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
  cache_read_tokens?: unknown;
  reasoning_tokens?: unknown;
  context_window?: unknown;
}

/**
 * Sums `stats.usage_to_metrics[*].accumulated_token_usage` (A6 ConversationStats → Metrics). These
 * are running totals of the whole conversation; null when no LLM has reported usage yet.
 */
export function tokenTotalsFromStats(stats: unknown): TokenTotalsPayload | null {
  const usageToMetrics = (isRecord(stats) ? stats.usage_to_metrics : undefined);
  if (!isRecord(usageToMetrics)) return null;
  const totals: TokenTotalsPayload = {
    input_tokens: 0, output_tokens: 0, total_tokens: 0, cached_input_tokens: 0, reasoning_output_tokens: 0, model_context_window: null, accumulated_cost_usd: 0,
  };
  let found = false;
  for (const metrics of Object.values(usageToMetrics)) {
    if (!isRecord(metrics)) continue;
    totals.accumulated_cost_usd += count(metrics.accumulated_cost);
    const usage = metrics.accumulated_token_usage as TokenUsageFields | undefined;
    if (!isRecord(usage)) continue;
    found = true;
    totals.input_tokens += count(usage.prompt_tokens);
    totals.output_tokens += count(usage.completion_tokens);
    totals.cached_input_tokens += count(usage.cache_read_tokens);
    totals.reasoning_output_tokens += count(usage.reasoning_tokens);
    const window = count(usage.context_window);
    if (window > 0) totals.model_context_window = Math.max(totals.model_context_window ?? 0, window);
  }
  totals.total_tokens = totals.input_tokens + totals.output_tokens;
  return found ? totals : null;
}

/** Reports totals only when they changed, so full-state snapshots after reconnects add no noise. */
export class TokenReporter {
  private last = '';

  changed(totals: TokenTotalsPayload): boolean {
    const key = JSON.stringify(totals);
    if (key === this.last) return false;
    this.last = key;
    return true;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
