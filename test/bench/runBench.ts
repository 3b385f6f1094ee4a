// `npm run bench [name...]`: runs every bench module (or the named ones) and prints one table.
// A name selects a module or a family (`gateway` = every `gateway-*`). Add a bench by appending
// its module to `benches`.
import { cpus, platform } from 'node:os';
import type { BenchModule, BenchResult } from './benchResult.ts';
import { formatBenchTable } from './benchResult.ts';
import { gatewayBenches } from './gatewayBench.ts';
import { runJournalBench } from './journalBench.ts';
import { runTaskGraphTreeBench } from './taskGraphTreeBench.ts';

const benches: readonly BenchModule[] = [
  { name: 'journal', run: runJournalBench },
  ...gatewayBenches,
  { name: 'tree', run: runTaskGraphTreeBench },
];

async function main(requested: readonly string[]): Promise<void> {
  const selects = (name: string, bench: BenchModule): boolean => bench.name === name || bench.name.startsWith(`${name}-`);
  const unknown = requested.filter((name) => !benches.some((bench) => selects(name, bench)));
  if (unknown.length > 0) {
    throw new Error(`Unknown bench ${unknown.join(', ')}; known: ${benches.map((bench) => bench.name).join(', ')}.`);
  }
  const selected = requested.length > 0 ? benches.filter((bench) => requested.some((name) => selects(name, bench))) : benches;
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
