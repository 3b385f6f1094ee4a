import type { HarnessHistoryEvent } from '../harnessAdapter.ts';
import type { ThreadReadResponse } from './codexProtocol.ts';

/**
 * A thread's persisted items (from `thread/read` with turns) as history events, oldest first,
 * each carrying its turn id; with a cursor, only the items after that item id.
 */
export function historyOf(response: Partial<ThreadReadResponse> | null, cursor: string | null): HarnessHistoryEvent[] {
  const events: HarnessHistoryEvent[] = [];
  for (const turn of response?.thread?.turns ?? []) {
    for (const item of turn.items ?? []) {
      const startedAt = typeof item.startedAtMs === 'number' ? new Date(item.startedAtMs).toISOString() : null;
      events.push({ id: item.id, kind: item.type, timestamp: startedAt, raw: { ...item, turn_id: turn.id } });
    }
  }
  if (cursor === null) return events;
  const index = events.findIndex((event) => event.id === cursor);
  return index < 0 ? events : events.slice(index + 1);
}
