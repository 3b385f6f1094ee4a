import type { HarnessAdapter, HarnessSession, SessionOptions } from '../harnessAdapter.ts';
import type { AgentTool } from '../tools/agentTool.ts';
import { toolsByName } from './codexDynamicTools.ts';
import { CODEX_CAPABILITIES, CodexSession } from './codexSession.ts';

/** WORKFLOW.md `codex.*` settings the adapter needs (Symphony §5 / §10). */
export interface CodexAdapterOptions {
  /** Shell command that starts `codex app-server`; run as `bash -lc <command>` in the workspace. */
  command: string;
  approvalPolicy: string | Record<string, unknown>;
  /** `thread/start` sandbox mode: `read-only`, `workspace-write` or `danger-full-access`. */
  threadSandbox: string;
  /** `turn/start` sandboxPolicy object, sent only when set. */
  turnSandboxPolicy: Record<string, unknown> | null;
  /** Limit for each synchronous request (handshake, thread/start, turn/start, interrupt). */
  readTimeoutMs: number;
  /** Silence limit inside a turn: reset by every server message, paused while a human decides. */
  turnTimeoutMs: number;
  /** Environment of the app-server process; defaults to this process's environment. */
  env?: NodeJS.ProcessEnv;
  /**
   * Host-side tools offered to the model as Codex dynamic tools (an experimental app-server API,
   * enabled only when tools are given). Calls of other names get `unsupported_tool_call`.
   */
  tools?: readonly AgentTool[];
}

/** The Codex app-server harness: one process and one thread per session (started, or resumed by thread id), stdio JSON-RPC. */
export function createCodexAdapter(options: CodexAdapterOptions): HarnessAdapter {
  const tools = options.tools ?? [];
  toolsByName(tools);
  const config = { ...options, env: options.env ?? process.env, tools };
  return {
    kind: 'codex',
    capabilities: CODEX_CAPABILITIES,
    startSession: (session: SessionOptions): Promise<HarnessSession> => CodexSession.start(config, session),
  };
}
