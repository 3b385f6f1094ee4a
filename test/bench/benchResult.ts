/** One printed figure of a benchmark. Figures are reported, never asserted. */
export interface BenchResult {
  /** The bench that produced it, e.g. `journal`. */
  bench: string;
  /** What was measured, including the case, e.g. `append FULL 1000/tick`. */
  name: string;
  value: number;
  /** `events/s`, `MB/s`, `×` (a ratio) ... */
  unit: string;
  /** The comparison or target that gives the figure its meaning. */
  note?: string;
}

/** A benchmark module as `runBench.ts` lists it. */
export interface BenchModule {
  name: string;
  run(): Promise<BenchResult[]>;
}

/** Renders results as an aligned plain-text table. */
export function formatBenchTable(results: readonly BenchResult[]): string {
  const rows = [
    ['bench', 'measure', 'value', 'unit', 'note'],
    ...results.map((result) => [result.bench, result.name, formatValue(result.value), result.unit, result.note ?? '']),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]): string =>
    row.map((cell, column) => (column === 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

/** The median of some samples: robust to one run disturbed by the machine. */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
