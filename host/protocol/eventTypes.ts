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
  /** An operator paused the run's agent (the payload's run has `paused: true`). */
  runPaused: 'run.paused',
  runResumed: 'run.resumed',
  /** An operator's message was passed to the run's agent (payload: run, message). */
  runMessageSent: 'run.message_sent',
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
  /** A WORKFLOW.md or run-scoped rule settled a request without asking anyone (payload: the settled approval). */
  approvalAutoDecided: 'approval.auto_decided',
  /** A task-graph node's DTO changed; the payload carries the whole node. */
  taskGraphNodeChanged: 'taskgraph.node_changed',
  taskGraphNodeRemoved: 'taskgraph.node_removed',
  /** The tracker's projects and milestones changed; the task graph restores them from here after a restart. */
  taskGraphStructureSynced: 'taskgraph.structure_synced',
} as const;
export type EventType = (typeof EventTypes)[keyof typeof EventTypes];
