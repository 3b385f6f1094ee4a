import type { EventEnvelope } from '../../host/protocol/index.ts';
import type { EventJournal } from '../../host/journal/eventJournal.ts';

/** Resolves with the first committed event matching `predicate` (already stored or future), or rejects after `timeoutMs`. */
export function waitForEvent(journal: EventJournal, predicate: (event: EventEnvelope) => boolean, timeoutMs = 5_000): Promise<EventEnvelope> {
  const existing = journal.read(0, 100_000).find(predicate);
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { subscription.dispose(); reject(new Error(`no matching event within ${timeoutMs} ms`)); }, timeoutMs);
    const subscription = journal.onDidAppend((events) => {
      const match = events.find(predicate);
      if (!match) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(match);
    });
  });
}
