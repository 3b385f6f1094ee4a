// The agent the e2e test and `npm start` use: the REAL codex binary (pinned @openai/codex) against
// the mock Responses API, scripted so that every issue's run asks to write greeting.txt in its
// workspace (one approval) and then says so in a recognizable final message. DEMO-3's run writes
// its file with apply_patch instead: a file-change approval and a recorded change with a diff.
// The flows added after the first scenario have issues of their own (see agentFlowIssues.ts):
// DEMO-6 runs two commands in one turn, DEMO-7 and DEMO-8 answer without any command, and any
// issue's next model reply can be held until the test releases it (a slow model, on cue).
import { applyPatchCall, startMockResponsesServer } from '../fakes/mockResponsesServer.ts';
import type { MockResponsesServer } from '../fakes/mockResponsesServer.ts';
import { createCodexMockEnvironment } from '../fakes/codexMockEnvironment.ts';
import type { CodexMockEnvironment } from '../fakes/codexMockEnvironment.ts';
import { ALWAYS_ISSUE, alwaysCommands, ModelHolds, QUIET_ISSUES } from './agentFlowIssues.ts';

/** The prompt body of the sample WORKFLOW.md starts with "You are working on <IDENTIFIER>: ...". */
const IDENTIFIER_IN_PROMPT = /working on ([A-Za-z][A-Za-z0-9]*-\d+)/;

export function identifierIn(prompt: string): string | undefined {
  return IDENTIFIER_IN_PROMPT.exec(prompt)?.[1];
}

/** The shell command the mock model asks to run for an issue. */
export function greetingCommand(identifier: string): string {
  return `echo "hello from ${identifier}" > greeting.txt`;
}

/** What greeting.txt must contain after the approved command ran. */
export function greetingFileText(identifier: string): string {
  return `hello from ${identifier}\n`;
}

/** The model's final message for an issue. */
export function greetingFinalText(identifier: string): string {
  return `Created greeting.txt for ${identifier}.`;
}

/** The issue whose run changes a file through apply_patch (its run then lists the file with a diff). */
export const PATCHING_ISSUE = 'DEMO-3';
export const patchedFilePath = 'welcome.md';

export function patchedFileText(identifier: string): string {
  return `# Welcome\n\nDrafted by the agent for ${identifier}.`;
}

export interface MockAgent {
  server: MockResponsesServer;
  codex: CodexMockEnvironment;
  /** Holds an issue's next model reply on request (see ModelHolds). */
  holds: ModelHolds;
  close(): Promise<void>;
}

/** Starts the mock model in this process and prepares a codex wrapper in `dir`; close() stops the mock. */
export async function startMockAgent(dir: string): Promise<MockAgent> {
  const holds = new ModelHolds();
  const server = await startMockResponsesServer({
    command: (prompt) => {
      const identifier = identifierIn(prompt);
      if (!identifier || QUIET_ISSUES.includes(identifier)) return null;
      return identifier === ALWAYS_ISSUE ? alwaysCommands(identifier)[0]! : greetingCommand(identifier);
    },
    nextCommand: (prompt, completedCalls) => {
      const identifier = identifierIn(prompt);
      return identifier === ALWAYS_ISSUE ? alwaysCommands(identifier)[completedCalls] ?? null : null;
    },
    hold: (prompt) => holds.take(identifierIn(prompt)),
    toolCall: (prompt) => {
      const identifier = identifierIn(prompt);
      return identifier === PATCHING_ISSUE ? applyPatchCall(patchedFilePath, patchedFileText(identifier)) : null;
    },
    finalText: (prompt) => {
      const identifier = identifierIn(prompt);
      if (identifier === PATCHING_ISSUE) return `Created ${patchedFilePath} for ${identifier}.`;
      return identifier ? greetingFinalText(identifier) : 'Nothing to do: the prompt names no issue.';
    },
  });
  const codex = createCodexMockEnvironment({ dir, server });
  return { server, codex, holds, close: async () => { holds.releaseAll(); await server.close(); } };
}
