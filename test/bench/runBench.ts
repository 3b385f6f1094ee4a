// `npm run bench [name...]`: runs every bench module (or the named ones) and prints one table.
// Add a bench by appending its module to `benches`.
import { cpus, platform } from 'node:os';
import type { BenchModule, BenchResult } from './benchResult.ts';
import { formatBenchTable } from './benchResult.ts';
import { runGatewayBench } from './gatewayBench.ts';
import { runJournalBench } from './journalBench.ts';
import { runTaskGraphTreeBench } from './taskGraphTreeBench.ts';

const benches: readonly BenchModule[] = [
  { name: 'journal', run: runJournalBench },
  { name: 'gateway', run: runGatewayBench },
  { name: 'tree', run: runTaskGraphTreeBench },
];

async function main(requested: readonly string[]): Promise<void> {
  const unknown = requested.filter((name) => !benches.some((bench) => bench.name === name));
  if (unknown.length > 0) {
    throw new Error(`Unknown bench ${unknown.join(', ')}; known: ${benches.map((bench) => bench.name).join(', ')}.`);
  }
  const selected = requested.length > 0 ? benches.filter((bench) => requested.includes(bench.name)) : benches;
  const results: BenchResult[] = [];
  for (const bench of selected) {
    console.error(`running ${bench.name} bench...`);
    results.push(...(await bench.run()));
  }
  console.log(`node ${process.version} on ${platform()}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`);
  console.log(formatBenchTable(results));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
