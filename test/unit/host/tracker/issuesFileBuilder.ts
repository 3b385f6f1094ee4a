import { stringify } from 'yaml';

/** A raw record of the local tracker's issues file; override or remove (`undefined`) fields per test. */
export function aRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const record: Record<string, unknown> = { identifier: 'DEMO-1', title: 'Add a greeting', state: 'Todo', ...overrides };
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return record;
}

/** The issues file text holding these records. */
export function issuesYaml(...records: Record<string, unknown>[]): string {
  return stringify({ issues: records });
}
