/**
 * Every event `kind` of the pinned agent-server OpenAPI (the `Event` union's discriminator in
 * reference/openhands, mirrored by test/fakes/openhands/agentServerOpenApi.json; a unit test keeps
 * the two equal). A kind outside this list fails the run (`unknown_event`): it may stand for an
 * agent action that never went through confirmation.
 */
export const PINNED_EVENT_KINDS: ReadonlySet<string> = new Set([
  'ACPToolCallEvent', 'ActionEvent', 'AgentErrorEvent', 'Condensation', 'CondensationRequest', 'CondensationSummaryEvent',
  'ConversationErrorEvent', 'ConversationStateUpdateEvent', 'HookExecutionEvent', 'LLMCompletionLogEvent', 'MessageEvent',
  'ObservationEvent', 'PauseEvent', 'SystemPromptEvent', 'TokenEvent', 'UserRejectObservation',
]);
