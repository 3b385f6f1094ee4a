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
  runRetrying: 'run.retrying',
  runCancelled: 'run.cancelled',
  preflightFailed: 'orchestrator.preflight_failed',
  preflightRecovered: 'orchestrator.preflight_recovered',
  runsRecovered: 'orchestrator.runs_recovered',
  workspaceRemoved: 'workspace.removed',
  sessionStarted: 'session.started',
  turnStarted: 'turn.started',
  turnCompleted: 'turn.completed',
  agentMessage: 'agent.message',
  agentItem: 'agent.item',
  agentNotification: 'agent.notification',
  tokensUpdated: 'tokens.updated',
  approvalRequested: 'approval.requested',
  approvalResolved: 'approval.resolved',
  /** A task-graph node's DTO changed; the payload carries the whole node. */
  taskGraphNodeChanged: 'taskgraph.node_changed',
  taskGraphNodeRemoved: 'taskgraph.node_removed',
  /** The tracker's projects and milestones changed; the task graph restores them from here after a restart. */
  taskGraphStructureSynced: 'taskgraph.structure_synced',
} as const;
export type EventType = (typeof EventTypes)[keyof typeof EventTypes];
