import type { Issue } from '../../protocol/index.ts';

/** One piece of a tool's answer, as the model reads it. */
export interface ToolContentItem {
  type: 'text';
  text: string;
}

/** A tool failure with a stable code and a message that tells the agent what to change. */
export interface ToolError {
  code: string;
  message: string;
}

/**
 * What a tool call returns (Symphony §5.5 result shape): success told apart from failure, the
 * answer as JSON text in `output`, and the same text as content items for harnesses that want them.
 */
export type ToolResult =
  | { success: true; output: string; contentItems: ToolContentItem[] }
  | { success: false; output: string; contentItems: ToolContentItem[]; error: ToolError };

/** What the host knows when the agent calls a tool. */
export interface ToolCallContext {
  /** Aborted when the run or session ends; tools stop their network calls with it. */
  signal: AbortSignal;
  /** The issue of the run that calls the tool. */
  issue?: Issue;
}

/**
 * A host-side tool offered to agents, harness-neutral: each harness adapter advertises
 * `name`/`description`/`inputSchema` in its own wire format and routes calls to `call`. Tools run in
 * the host with the host's credentials; the agent sees only the result.
 */
export interface AgentTool {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the arguments object. */
  readonly inputSchema: Record<string, unknown>;
  /** Never rejects: every failure is a `success: false` result. */
  call(args: unknown, context: ToolCallContext): Promise<ToolResult>;
}

/** A successful result whose output is `value` as JSON. */
export function toolSuccess(value: unknown): ToolResult {
  const output = JSON.stringify(value);
  return { success: true, output, contentItems: [{ type: 'text', text: output }] };
}

/** A failed result; `body` (e.g. a GraphQL response with `errors`) is kept in the output beside the error. */
export function toolFailure(code: string, message: string, body?: unknown): ToolResult {
  const error = { code, message };
  const output = JSON.stringify(body === undefined ? { error } : { error, body });
  return { success: false, output, contentItems: [{ type: 'text', text: output }], error };
}
