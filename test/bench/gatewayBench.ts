import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchModule, BenchResult } from './benchResult.ts';
import { runLatencyBench } from './gatewayLatencyBench.ts';
import { runReplayBench } from './gatewayReplayBench.ts';
import { runThroughputBench } from './gatewayThroughputBench.ts';

/**
 * The gateway over loopback TCP: event → client latency under load, terminal stream throughput
 * (binary vs JSON, against a bare ws pair) and the replay of a million events. Figures are
 * printed with their raw baselines and targets, never asserted. Each runs on its own, so
 * `npm run bench gateway-replay` measures one part while iterating.
 */
export const gatewayBenches: readonly BenchModule[] = [
  { name: 'gateway-latency', run: () => inScratchFolder(runLatencyBench) },
  { name: 'gateway-terminal', run: () => inScratchFolder(runThroughputBench) },
  { name: 'gateway-replay', run: () => inScratchFolder(runReplayBench) },
];

async function inScratchFolder(bench: (dir: string) => Promise<BenchResult[]>): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'os-gateway-bench-'));
  try {
    return await bench(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
