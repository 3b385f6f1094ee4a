import type { EventEnvelope } from '../../host/protocol/envelope.ts';
import type { EventWindow } from './eventWindow.ts';
import { eventAt, lowerBound } from './eventWindow.ts';

/** The rows a timeline list shows: every loaded event, or the loaded events matching a search. */
export interface TimelineRows {
  readonly count: number;
  at(index: number): EventEnvelope | undefined;
  /** Row of the first event with seq >= `seq` (count when none). */
  lowerBound(seq: number): number;
}

const searchText = new WeakMap<EventEnvelope, string>();

/** What a search looks through: type, summary and payload, lower-cased (computed once per event). */
function textOf(event: EventEnvelope): string {
  let text = searchText.get(event);
  if (text === undefined) {
    text = `${event.type}\n${event.summary}\n${JSON.stringify(event.payload)}`.toLowerCase();
    searchText.set(event, text);
  }
  return text;
}

export function eventMatches(event: EventEnvelope, search: string): boolean {
  return textOf(event).includes(search.toLowerCase());
}

export function timelineRows(window: EventWindow<EventEnvelope>, search: string): TimelineRows {
  const needle = search.trim().toLowerCase();
  if (!needle) {
    return { count: window.length, at: (index) => eventAt(window, index), lowerBound: (seq) => lowerBound(window, seq) };
  }
  const matches: EventEnvelope[] = [];
  for (const chunk of window.chunks) for (const event of chunk) if (textOf(event).includes(needle)) matches.push(event);
  return {
    count: matches.length,
    at: (index) => matches[index],
    lowerBound: (seq) => {
      let low = 0;
      let high = matches.length;
      while (low < high) { const mid = (low + high) >> 1; if (matches[mid]!.seq < seq) low = mid + 1; else high = mid; }
      return low;
    },
  };
}
