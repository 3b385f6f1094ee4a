// Wire shapes of `codex app-server` (v2 protocol) that this adapter reads or writes.
//
// Hand-copied subset of `codex app-server generate-ts` output for the pinned @openai/codex 0.169.0.
// The server adds fields between versions, so every field we only read is optional here and
// handlers parse leniently (reference/harness-protocols.md B12).

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

export type TurnStatus = 'inProgress' | 'completed' | 'interrupted' | 'failed';

export interface TurnError {
  message?: string;
  codexErrorInfo?: unknown;
  additionalDetails?: string | null;
}

export interface Turn {
  id: string;
  status?: TurnStatus;
  error?: TurnError | null;
  durationMs?: number | null;
}

export interface FileUpdateChange {
  path: string;
  kind?: unknown;
  diff?: string;
}

/** `ThreadItem`, tagged by `type`; unknown types fall into the last member. */
export type ThreadItem =
  | { type: 'userMessage'; id: string; content?: unknown[] }
  | { type: 'agentMessage'; id: string; text?: string; phase?: string | null }
  | {
      type: 'commandExecution';
      id: string;
      command?: string;
      cwd?: string;
      status?: string;
      aggregatedOutput?: string | null;
      exitCode?: number | null;
      durationMs?: number | null;
    }
  | { type: 'fileChange'; id: string; changes?: FileUpdateChange[]; status?: string }
  | { type: 'other'; id: string; [field: string]: unknown };

export interface InitializeParams {
  clientInfo: { name: string; title: string | null; version: string };
  capabilities: { experimentalApi: boolean } | null;
}

export interface ThreadStartParams {
  cwd: string;
  approvalPolicy: string | Record<string, unknown>;
  sandbox: string;
  /** Client-side tools the model may call (experimental API: needs `capabilities.experimentalApi`). */
  dynamicTools?: DynamicToolSpec[];
}

/** `DynamicToolSpec` (function form): a tool the client runs when the model calls it. */
export interface DynamicToolSpec {
  type: 'function';
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/** The answer to `item/tool/call` (`DynamicToolCallResponse`). */
export interface DynamicToolCallResponse {
  success: boolean;
  contentItems: { type: 'inputText'; text: string }[];
}

export interface ThreadStartResponse {
  thread: { id: string };
  model?: string;
  modelProvider?: string;
}

export interface TextUserInput {
  type: 'text';
  text: string;
  text_elements: unknown[];
}

export interface TurnStartParams {
  threadId: string;
  input: TextUserInput[];
  cwd: string;
  approvalPolicy: string | Record<string, unknown>;
  sandboxPolicy?: Record<string, unknown>;
}

export interface TurnStartResponse {
  turn: Turn;
}

export interface TurnInterruptParams {
  threadId: string;
  turnId: string;
}

/** Server → client notifications this adapter interprets; everything else is passed on as is. */
export interface NotificationParamsByMethod {
  'turn/started': { threadId?: string; turn?: Turn };
  'turn/completed': { threadId?: string; turn?: Turn };
  'item/started': { threadId?: string; turnId?: string; item?: ThreadItem };
  'item/completed': { threadId?: string; turnId?: string; item?: ThreadItem };
  'item/agentMessage/delta': { itemId?: string; delta?: string };
  'item/commandExecution/outputDelta': { itemId?: string; delta?: string };
  'thread/tokenUsage/updated': { threadId?: string; turnId?: string; tokenUsage?: ThreadTokenUsage };
  error: { error?: TurnError; willRetry?: boolean; threadId?: string; turnId?: string };
}

export interface TokenUsageBreakdown {
  totalTokens?: number;
  inputTokens?: number;
  cachedInputTokens?: number;
  outputTokens?: number;
  reasoningOutputTokens?: number;
}

export interface ThreadTokenUsage {
  total?: TokenUsageBreakdown;
  last?: TokenUsageBreakdown;
  modelContextWindow?: number | null;
}

/** Server → client requests this adapter answers. */
export interface ServerRequestParamsByMethod {
  'item/commandExecution/requestApproval': {
    threadId?: string;
    turnId?: string;
    itemId?: string;
    reason?: string | null;
    command?: string | null;
    cwd?: string | null;
  };
  'item/fileChange/requestApproval': { threadId?: string; turnId?: string; itemId?: string; reason?: string | null };
  execCommandApproval: { callId?: string; command?: string[]; cwd?: string; reason?: string | null };
  applyPatchApproval: { callId?: string; fileChanges?: Record<string, unknown>; reason?: string | null };
  'item/tool/requestUserInput': { threadId?: string; turnId?: string; itemId?: string; questions?: unknown[] };
  'mcpServer/elicitation/request': { threadId?: string; turnId?: string | null; serverName?: string; message?: string };
  'item/mcpElicitation/requestDecision': { threadId?: string; turnId?: string | null; message?: string };
  /** `DynamicToolCallParams`: a call of one of our dynamic tools (`namespace` is null for top-level tools). */
  'item/tool/call': { threadId?: string; turnId?: string; callId?: string; tool?: string; namespace?: string | null; arguments?: unknown };
  'item/permissions/requestApproval': { threadId?: string; turnId?: string; itemId?: string; reason?: string | null };
}

export type CommandApprovalDecision = 'accept' | 'decline' | 'cancel';

/** Legacy v1 `ReviewDecision`; in 0.169.0 a denial is an object carrying the rejection text. */
export type LegacyReviewDecision = 'approved' | 'abort' | { denied: { rejection: string } };
