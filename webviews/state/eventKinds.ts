import { EventTypes } from '../../host/protocol/eventTypes.ts';

/** A group of event types the timeline can be filtered by. */
export interface EventKind {
  id: string;
  label: string;
  types: readonly string[];
}

const T = EventTypes;

/** The timeline's filter chips; every known run event type is in exactly one kind. */
export const EVENT_KINDS: readonly EventKind[] = [
  { id: 'run', label: 'Run', types: [T.runQueued, T.runStarted, T.runCompleted, T.runFailed, T.runRetrying, T.runCancelled, T.runPaused, T.runResumed, T.runMessageSent, T.workspaceRemoved] },
  { id: 'turn', label: 'Turns', types: [T.sessionStarted, T.turnStarted, T.turnCompleted] },
  { id: 'message', label: 'Messages', types: [T.agentMessage] },
  { id: 'item', label: 'Commands & edits', types: [T.agentItem] },
  { id: 'approval', label: 'Approvals', types: [T.approvalRequested, T.approvalResolved, T.approvalAutoDecided] },
  { id: 'tokens', label: 'Tokens', types: [T.tokensUpdated] },
  { id: 'notification', label: 'Notifications', types: [T.agentNotification] },
];

/** The event types of the selected kinds, or null (no filter) when none or all are selected. */
export function typesOfKinds(kindIds: readonly string[]): string[] | null {
  const selected = EVENT_KINDS.filter((kind) => kindIds.includes(kind.id));
  if (selected.length === 0 || selected.length === EVENT_KINDS.length) return null;
  return selected.flatMap((kind) => kind.types);
}

const kindByType = new Map<string, EventKind>(EVENT_KINDS.flatMap((kind) => kind.types.map((type) => [type, kind] as const)));

/** The kind of an event type, or undefined for a type this client does not know. */
export function kindOf(type: string): EventKind | undefined {
  return kindByType.get(type);
}
