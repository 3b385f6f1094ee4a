import type { ApprovalRequest } from '../harnessAdapter.ts';
import { truncateText } from '../codex/compactPayload.ts';
import { FileEditorActionSchema, TerminalActionSchema, textOf } from './openHandsEvents.ts';
import type { ActionEventView } from './openHandsEvents.ts';

/**
 * Pending actions as A11 defines them: ActionEvents with a non-null action whose id has no
 * ObservationEvent / UserRejectObservation and whose tool call has no AgentErrorEvent.
 */
export class PendingActionTracker {
  private readonly open = new Map<string, ActionEventView>();
  private readonly resolvedActions = new Set<string>();
  private readonly erroredToolCalls = new Set<string>();

  observeAction(event: ActionEventView): void {
    if (event.action === null || this.resolvedActions.has(event.id) || this.erroredToolCalls.has(event.tool_call_id)) return;
    this.open.set(event.id, event);
  }

  /** An observation or rejection for `actionId` arrived. */
  observeResolution(actionId: string): void {
    this.resolvedActions.add(actionId);
    this.open.delete(actionId);
  }

  observeAgentError(toolCallId: string): void {
    this.erroredToolCalls.add(toolCallId);
    for (const [id, action] of this.open) if (action.tool_call_id === toolCallId) this.open.delete(id);
  }

  /** Still pending, in the order they arrived. */
  pending(): ActionEventView[] {
    return [...this.open.values()];
  }
}

const MAX_COMMAND_CHARS = 2_000;

/** The approval a human sees for one pending action: a command, a file change, or another tool call. */
export function approvalRequestFor(event: ActionEventView, workspacePath: string): ApprovalRequest {
  const reason = approvalReason(event);
  const terminal = TerminalActionSchema.safeParse(event.action);
  if (terminal.success) {
    return { kind: 'command', command: truncateText(terminal.data.command, MAX_COMMAND_CHARS), cwd: workspacePath, files: [], reason };
  }
  const edit = FileEditorActionSchema.safeParse(event.action);
  if (edit.success) {
    return { kind: 'file_change', command: null, cwd: workspacePath, files: [edit.data.path], reason: reason ?? `file_editor ${edit.data.command}` };
  }
  const args = event.tool_call?.arguments ?? JSON.stringify(event.action);
  return { kind: 'command', command: truncateText(`${event.tool_name} ${args}`, MAX_COMMAND_CHARS), cwd: workspacePath, files: [], reason };
}

function approvalReason(event: ActionEventView): string | null {
  const parts: string[] = [];
  const summary = event.summary ?? textOf(event.thought);
  if (summary) parts.push(truncateText(summary, 300));
  if (event.security_risk && event.security_risk !== 'UNKNOWN') parts.push(`security risk ${event.security_risk}`);
  return parts.length ? parts.join(' · ') : null;
}
