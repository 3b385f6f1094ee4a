import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { OpenHandsError, OpenHandsErrorCodes } from './openHandsErrors.ts';
import type { StartConversationRequest } from './openHandsWire.ts';

/** The parts of the session settings that shape a new conversation. */
export interface ConversationSettings {
  llm: { model: string; baseUrl: string | null; apiKey: string | null };
  confirmationMode: boolean;
  maxIterations: number;
  tools: string[];
}

/** `POST /api/conversations` body: the issue workspace as `working_dir`, our LLM, the confirmation policy. */
export function startConversationRequest(settings: ConversationSettings, workspacePath: string): StartConversationRequest {
  return {
    agent: {
      kind: 'Agent',
      llm: { model: settings.llm.model, base_url: settings.llm.baseUrl, api_key: settings.llm.apiKey, usage_id: 'opensymphony' },
      tools: settings.tools.map((name) => ({ name })),
    },
    workspace: { kind: 'LocalWorkspace', working_dir: workspacePath },
    confirmation_policy: settings.confirmationMode ? { kind: 'AlwaysConfirm' } : { kind: 'NeverConfirm' },
    max_iterations: settings.maxIterations,
    stuck_detection: true,
    // A title costs an extra LLM call per conversation and nobody reads it here.
    autotitle: false,
  };
}

/**
 * The workspace must be an existing absolute directory. `working_dir` is a path on the server, so
 * this holds for a local agent-server (the supervised one); a remote server needs a path mapping.
 */
export async function assertWorkspaceDirectory(path: string): Promise<void> {
  const fail = (why: string): OpenHandsError => new OpenHandsError(OpenHandsErrorCodes.invalidWorkspaceCwd, `Workspace path ${path} ${why}; the OpenHands conversation needs an existing absolute directory.`);
  if (!isAbsolute(path)) throw fail('is not absolute');
  const info = await stat(path).catch(() => null);
  if (!info?.isDirectory()) throw fail('is not an existing directory');
}
