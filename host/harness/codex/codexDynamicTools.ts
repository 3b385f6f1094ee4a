import { CodedError, errorMessage } from '../../base/errors.ts';
import type { AgentTool, ToolCallContext, ToolResult } from '../tools/agentTool.ts';
import { toolFailure } from '../tools/agentTool.ts';
import type { DynamicToolCallResponse, DynamicToolSpec } from './codexProtocol.ts';
import type { JsonValue } from './generated/serde_json/JsonValue.ts';
import type { TerminalWriter } from './terminalWriter.ts';
import { toolCallLine } from './turnBanners.ts';

/** How our tools are advertised in `thread/start.dynamicTools`. */
export function dynamicToolSpecs(tools: readonly AgentTool[]): DynamicToolSpec[] {
  return tools.map((tool) => ({ type: 'function', name: tool.name, description: tool.description, inputSchema: tool.inputSchema as JsonValue }));
}

/** A tool result as the answer to `item/tool/call`. */
export function dynamicToolResponse(result: ToolResult): DynamicToolCallResponse {
  return { success: result.success, contentItems: result.contentItems.map((item) => ({ type: 'inputText', text: item.text })) };
}

/** Tools by name; two tools with one name would make calls ambiguous, so that is refused. */
export function toolsByName(tools: readonly AgentTool[]): ReadonlyMap<string, AgentTool> {
  const byName = new Map<string, AgentTool>();
  for (const tool of tools) {
    if (byName.has(tool.name)) throw new CodedError('duplicate_tool_name', `Two agent tools are named "${tool.name}"; give each tool a unique name.`);
    byName.set(tool.name, tool);
  }
  return byName;
}

/** Runs one tool call for the model; a tool that throws (against its contract) becomes `tool_failed`. The run terminal shows the call. */
export async function runDynamicTool(tool: AgentTool, args: unknown, context: ToolCallContext, terminal: TerminalWriter): Promise<ToolResult> {
  let result: ToolResult;
  try {
    result = await tool.call(args, context);
  } catch (error) {
    result = toolFailure('tool_failed', `The ${tool.name} tool failed in the host: ${errorMessage(error)}`);
  }
  terminal.line(toolCallLine(tool.name, result));
  return result;
}
