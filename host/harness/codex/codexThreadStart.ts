import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { SessionOptions } from '../harnessAdapter.ts';
import type { AgentTool } from '../tools/agentTool.ts';
import { dynamicToolSpecs } from './codexDynamicTools.ts';
import { CodexError, CodexErrorCodes } from './codexErrors.ts';
import type {
  InitializeParams, ThreadResumeParams, ThreadResumeResponse, ThreadStartParams, ThreadStartResponse, TurnStartParams, UserInput,
} from './codexProtocol.ts';
import type { AskForApproval } from './generated/v2/AskForApproval.ts';
import type { SandboxMode } from './generated/v2/SandboxMode.ts';
import type { SandboxPolicy } from './generated/v2/SandboxPolicy.ts';
import type { JsonRpcConnection } from './jsonRpcConnection.ts';

const CLIENT_INFO: InitializeParams['clientInfo'] = { name: 'opensymphony', title: 'OpenSymphony', version: '0.1.0' };

/** The WORKFLOW.md `codex.*` values the handshake and each turn send; passed through as the user wrote them. */
export interface CodexThreadSettings {
  approvalPolicy: string | Record<string, unknown>;
  threadSandbox: string;
  turnSandboxPolicy: Record<string, unknown> | null;
  tools: readonly AgentTool[];
}

/** The thread a session runs on, and how it was opened. */
export interface OpenedThread {
  threadId: string;
  model: string | null;
  modelProvider: string | null;
  resumed: boolean;
}

/**
 * `initialize` → `initialized` → `thread/start`, or `thread/resume` when the session reopens a
 * thread (create-or-resume). Dynamic tools are an experimental API, so it is opted into only when
 * there are tools to offer.
 */
export async function openThread(rpc: JsonRpcConnection, settings: CodexThreadSettings, options: SessionOptions): Promise<OpenedThread> {
  const hasTools = settings.tools.length > 0;
  const initialize: InitializeParams = { clientInfo: CLIENT_INFO, capabilities: { experimentalApi: hasTools, requestAttestation: false } };
  await rpc.request('initialize', initialize);
  rpc.notify('initialized');
  // The config values are validated loosely (a string or a map), so they go out as the user wrote them.
  const approvalPolicy = settings.approvalPolicy as AskForApproval;
  const sandbox = settings.threadSandbox as SandboxMode;
  if (options.resume) {
    const resume: ThreadResumeParams = { threadId: options.resume.sessionId, cwd: options.workspacePath, approvalPolicy, sandbox, excludeTurns: true };
    const response = await rpc.request<ThreadResumeResponse>('thread/resume', resume);
    return opened(response, true);
  }
  const start: ThreadStartParams = { cwd: options.workspacePath, approvalPolicy, sandbox };
  if (hasTools) start.dynamicTools = dynamicToolSpecs(settings.tools);
  return opened(await rpc.request<ThreadStartResponse>('thread/start', start), false);
}

function opened(response: Partial<ThreadStartResponse | ThreadResumeResponse> | null, resumed: boolean): OpenedThread {
  const threadId = response?.thread?.id;
  if (typeof threadId !== 'string') throw new CodexError(CodexErrorCodes.responseError, `thread/${resumed ? 'resume' : 'start'} answered without a thread id.`);
  return { threadId, model: response?.model ?? null, modelProvider: response?.modelProvider ?? null, resumed };
}

/** The agent's cwd must be an existing absolute directory, or the run fails with `invalid_workspace_cwd`. */
export async function assertWorkspaceDirectory(path: string): Promise<void> {
  const fail = (why: string): CodexError => new CodexError(CodexErrorCodes.invalidWorkspaceCwd, `Workspace path ${path} ${why}; the Codex session needs an existing absolute directory.`);
  if (!isAbsolute(path)) throw fail('is not absolute');
  const info = await stat(path).catch(() => null);
  if (!info?.isDirectory()) throw fail('is not an existing directory');
}

/** Text as the protocol's user input. */
export function textInput(text: string): UserInput {
  return { type: 'text', text, text_elements: [] };
}

/** `turn/start`: the prompt first, then any operator messages that waited for this turn. */
export function turnStartParams(threadId: string, inputs: readonly string[], settings: CodexThreadSettings, cwd: string): TurnStartParams {
  const params: TurnStartParams = {
    threadId,
    input: inputs.map(textInput),
    cwd,
    approvalPolicy: settings.approvalPolicy as AskForApproval,
  };
  if (settings.turnSandboxPolicy) params.sandboxPolicy = settings.turnSandboxPolicy as SandboxPolicy;
  return params;
}
