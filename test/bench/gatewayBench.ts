import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './benchResult.ts';
import { runLatencyBench } from './gatewayLatencyBench.ts';
import { runReplayBench } from './gatewayReplayBench.ts';
import { runThroughputBench } from './gatewayThroughputBench.ts';

/**
 * The gateway over loopback TCP: event → client latency under load, terminal stream throughput
 * (binary vs JSON, against a bare ws pair) and the replay of a million events. Figures are
 * printed with their raw baselines and targets, never asserted.
 */
export async function runGatewayBench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'os-gateway-bench-'));
  try {
    return [...await runLatencyBench(dir), ...await runThroughputBench(dir), ...await runReplayBench(dir)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
