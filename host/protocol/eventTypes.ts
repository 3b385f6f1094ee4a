/** Event `type` values the host emits. Clients must tolerate types they do not know. */
export const EventTypes = {
  hostStarted: 'host.started',
  workflowLoaded: 'workflow.loaded',
  workflowInvalid: 'workflow.invalid',
  trackerSynced: 'tracker.synced',
  trackerFailed: 'tracker.failed',
  runQueued: 'run.queued',
  runStarted: 'run.started',
  runCompleted: 'run.completed',
  runFailed: 'run.failed',
  sessionStarted: 'session.started',
  turnStarted: 'turn.started',
  turnCompleted: 'turn.completed',
  agentMessage: 'agent.message',
  agentItem: 'agent.item',
  agentNotification: 'agent.notification',
  tokensUpdated: 'tokens.updated',
  approvalRequested: 'approval.requested',
  approvalResolved: 'approval.resolved',
} as const;
export type EventType = (typeof EventTypes)[keyof typeof EventTypes];
