import type { NewEvent } from '../../host/protocol/index.ts';
import { numberPendingEvent, rowOf, toPendingEvent } from '../../host/journal/eventRowMapping.ts';
import type { EventRow } from '../../host/journal/eventRowMapping.ts';
import { newEventId } from '../../host/journal/eventId.ts';

const eventTypes = ['run.output', 'run.tool_call', 'run.turn_completed', 'approval.requested', 'issue.updated'];

/**
 * Events shaped like what the orchestrator journals: an agent actor, a run and an issue ref,
 * a correlation id on one event in ten, and a JSON payload of about 200 bytes.
 */
export function realisticEvents(count: number): NewEvent[] {
  return Array.from({ length: count }, (_, index) => {
    const run = index % 16;
    return {
      type: eventTypes[index % eventTypes.length]!,
      actor: { kind: 'agent', id: `codex-${run}` },
      summary: `agent step ${index} of run ${run}`,
      payload: {
        turn_id: `turn-${run}-${Math.floor(index / 100)}`,
        item_id: `item-${index}`,
        stream: 'stdout',
        line: `src/module${index % 97}.ts(12,5): compiled ${index % 13} files, ${index % 7} warnings, cache hit ratio 0.93`,
        tokens: { input: 1200 + (index % 300), output: 80 + (index % 50) },
        exit_code: null,
      },
      entity_refs: [{ kind: 'run', id: `run-${run}` }, { kind: 'issue', id: `iss-${run}`, identifier: `ENG-${100 + run}` }],
      correlation_id: index % 10 === 0 ? `corr-${index}` : null,
      raw_ref: null,
    };
  });
}

/** The rows the journal would store for `events`, built ahead so the raw baseline times only SQLite. */
export function rowsOf(events: readonly NewEvent[]): EventRow[] {
  const ts = new Date().toISOString();
  return events.map((event, index) => {
    const pending = toPendingEvent(event, newEventId(), ts);
    numberPendingEvent(pending, index + 1);
    return rowOf(pending);
  });
}

/** Splits `items` into consecutive groups of `size` (the last may be shorter). */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let start = 0; start < items.length; start += size) groups.push(items.slice(start, start + size));
  return groups;
}

/**
 * Terminal output chunks of `size` bytes: printable text, like a build log. They are views of one
 * buffer: a bench that keeps them does not leave the garbage collector a separate allocation per
 * chunk to track, which would slow whatever is measured beside them.
 */
export function terminalChunks(count: number, size: number): Buffer[] {
  const line = Buffer.from('npm test: ✓ passes the specification of the journal  \n');
  const chunk = Buffer.alloc(size);
  for (let offset = 0; offset < size; offset += line.length) line.copy(chunk, offset);
  const all = Buffer.alloc(count * size);
  for (let index = 0; index < count; index++) chunk.copy(all, index * size);
  return Array.from({ length: count }, (_, index) => all.subarray(index * size, (index + 1) * size));
}
