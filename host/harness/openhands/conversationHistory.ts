import type { HarnessHistoryEvent } from '../harnessAdapter.ts';
import type { AgentServerClient } from './agentServerClient.ts';

/** A conversation's events from the server's log, oldest first; after `cursor` (an event id) when given. */
export async function readConversationHistory(client: AgentServerClient, conversationId: string, cursor: string | null, signal?: AbortSignal): Promise<HarnessHistoryEvent[]> {
  const history: HarnessHistoryEvent[] = [];
  // The search pages from `cursor` inclusive (A7), so the cursor itself is dropped.
  for await (const page of client.eventPages(conversationId, cursor, signal)) {
    for (const event of page.events) {
      if (event.id !== cursor) history.push({ id: event.id, kind: event.kind, timestamp: event.timestamp, raw: event });
    }
  }
  return history;
}
