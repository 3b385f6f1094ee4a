// Wire shapes of `codex app-server` (v2 protocol) that this adapter reads or writes, taken from the
// bindings generated from the pinned binary (`npm run codex:generate` → ./generated/). What we send
// is checked against them exactly; what we read is `Partial<…>` at the top level, because the
// server adds and drops fields between versions and handlers parse leniently (harness-protocols.md
// B12).
import type { ApplyPatchApprovalParams } from './generated/ApplyPatchApprovalParams.ts';
import type { ExecCommandApprovalParams } from './generated/ExecCommandApprovalParams.ts';
import type { InitializeParams } from './generated/InitializeParams.ts';
import type { ReviewDecision } from './generated/ReviewDecision.ts';
import type { AgentMessageDeltaNotification } from './generated/v2/AgentMessageDeltaNotification.ts';
import type { CommandExecutionApprovalDecision } from './generated/v2/CommandExecutionApprovalDecision.ts';
import type { CommandExecutionOutputDeltaNotification } from './generated/v2/CommandExecutionOutputDeltaNotification.ts';
import type { CommandExecutionRequestApprovalParams } from './generated/v2/CommandExecutionRequestApprovalParams.ts';
import type { DynamicToolCallParams } from './generated/v2/DynamicToolCallParams.ts';
import type { DynamicToolCallResponse } from './generated/v2/DynamicToolCallResponse.ts';
import type { DynamicToolSpec } from './generated/v2/DynamicToolSpec.ts';
import type { ErrorNotification } from './generated/v2/ErrorNotification.ts';
import type { FileChangeApprovalDecision } from './generated/v2/FileChangeApprovalDecision.ts';
import type { FileChangeRequestApprovalParams } from './generated/v2/FileChangeRequestApprovalParams.ts';
import type { ItemCompletedNotification } from './generated/v2/ItemCompletedNotification.ts';
import type { ItemStartedNotification } from './generated/v2/ItemStartedNotification.ts';
import type { McpServerElicitationRequestParams } from './generated/v2/McpServerElicitationRequestParams.ts';
import type { PermissionsRequestApprovalParams } from './generated/v2/PermissionsRequestApprovalParams.ts';
import type { ThreadItem } from './generated/v2/ThreadItem.ts';
import type { ThreadReadParams } from './generated/v2/ThreadReadParams.ts';
import type { ThreadReadResponse } from './generated/v2/ThreadReadResponse.ts';
import type { ThreadResumeParams } from './generated/v2/ThreadResumeParams.ts';
import type { ThreadResumeResponse } from './generated/v2/ThreadResumeResponse.ts';
import type { ThreadStartParams } from './generated/v2/ThreadStartParams.ts';
import type { ThreadStartResponse } from './generated/v2/ThreadStartResponse.ts';
import type { ThreadTokenUsageUpdatedNotification } from './generated/v2/ThreadTokenUsageUpdatedNotification.ts';
import type { TokenUsageBreakdown } from './generated/v2/TokenUsageBreakdown.ts';
import type { ToolRequestUserInputParams } from './generated/v2/ToolRequestUserInputParams.ts';
import type { Turn } from './generated/v2/Turn.ts';
import type { TurnCompletedNotification } from './generated/v2/TurnCompletedNotification.ts';
import type { TurnInterruptParams } from './generated/v2/TurnInterruptParams.ts';
import type { TurnStartedNotification } from './generated/v2/TurnStartedNotification.ts';
import type { TurnStartParams } from './generated/v2/TurnStartParams.ts';
import type { TurnStartResponse } from './generated/v2/TurnStartResponse.ts';
import type { TurnSteerParams } from './generated/v2/TurnSteerParams.ts';
import type { TurnSteerResponse } from './generated/v2/TurnSteerResponse.ts';
import type { UserInput } from './generated/v2/UserInput.ts';

export type {
  CommandExecutionApprovalDecision, DynamicToolCallResponse, DynamicToolSpec, FileChangeApprovalDecision, InitializeParams,
  ThreadItem, ThreadReadParams, ThreadReadResponse, ThreadResumeParams, ThreadResumeResponse, ThreadStartParams, ThreadStartResponse,
  TokenUsageBreakdown, Turn, TurnInterruptParams, TurnStartParams, TurnStartResponse, TurnSteerParams, TurnSteerResponse, UserInput,
};
export { SERVER_NOTIFICATION_METHODS, SERVER_REQUEST_METHODS, CODEX_PROTOCOL_VERSION } from './generated/knownMethods.ts';

export type JsonRpcId = string | number;

/** The `"jsonrpc":"2.0"` member is omitted on this wire (harness-protocols.md B2). */
export type IncomingMessage =
  | { kind: 'request'; id: JsonRpcId; method: string; params: unknown }
  | { kind: 'notification'; method: string; params: unknown }
  | { kind: 'response'; id: JsonRpcId; result: unknown }
  | { kind: 'error'; id: JsonRpcId; error: JsonRpcErrorObject };

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** Server → client notifications this adapter interprets; everything else is passed on as is. */
export interface NotificationParamsByMethod {
  'turn/started': Partial<TurnStartedNotification>;
  'turn/completed': Partial<TurnCompletedNotification>;
  'item/started': Partial<ItemStartedNotification>;
  'item/completed': Partial<ItemCompletedNotification>;
  'item/agentMessage/delta': Partial<AgentMessageDeltaNotification>;
  'item/commandExecution/outputDelta': Partial<CommandExecutionOutputDeltaNotification>;
  'thread/tokenUsage/updated': Partial<ThreadTokenUsageUpdatedNotification>;
  error: Partial<ErrorNotification>;
}

/** Server → client requests this adapter answers. */
export interface ServerRequestParamsByMethod {
  'item/commandExecution/requestApproval': Partial<CommandExecutionRequestApprovalParams>;
  'item/fileChange/requestApproval': Partial<FileChangeRequestApprovalParams>;
  execCommandApproval: Partial<ExecCommandApprovalParams>;
  applyPatchApproval: Partial<ApplyPatchApprovalParams>;
  'item/tool/requestUserInput': Partial<ToolRequestUserInputParams>;
  'mcpServer/elicitation/request': Partial<McpServerElicitationRequestParams> & { message?: string };
  /** An older name of the MCP elicitation request (harness-protocols.md B8). */
  'item/mcpElicitation/requestDecision': { threadId?: string; turnId?: string | null; message?: string };
  'item/tool/call': Partial<DynamicToolCallParams>;
  'item/permissions/requestApproval': Partial<PermissionsRequestApprovalParams>;
}

/** Legacy v1 `ReviewDecision`; in 0.169.0 a denial is an object carrying the rejection text. */
export type LegacyReviewDecision = ReviewDecision;
