import type { WorkflowConfig } from '../../workflow/workflowConfig.ts';
import type { AgentTool } from './agentTool.ts';
import { createLinearGraphqlTool } from './linearGraphqlTool.ts';

/** The environment variable the Linear key comes from when WORKFLOW.md names none. */
const LINEAR_KEY_VARIABLE = 'LINEAR_API_KEY';

/** The tools an agent gets for the workflow's tracker, and the environment to start it with. */
export interface ProviderTools {
  tools: AgentTool[];
  env: NodeJS.ProcessEnv;
}

/**
 * Provider tools of the configured tracker (Symphony §5.5): `linear_graphql` for Linear, none for
 * the local tracker. The tracker's secret stays in the host: it is removed from the agent's
 * environment, by name and wherever its value appears.
 */
export function providerToolsFor(tracker: WorkflowConfig['tracker'], env: NodeJS.ProcessEnv = process.env): ProviderTools {
  if (tracker.kind !== 'linear') return { tools: [], env };
  return {
    tools: [createLinearGraphqlTool({ endpoint: tracker.endpoint, apiKey: tracker.api_key })],
    env: withoutSecret(env, LINEAR_KEY_VARIABLE, tracker.api_key),
  };
}

/** A copy of `env` without `name` and without any variable whose value is the secret. */
export function withoutSecret(env: NodeJS.ProcessEnv, name: string, secret: string | null): NodeJS.ProcessEnv {
  const value = secret?.trim() ?? '';
  return Object.fromEntries(Object.entries(env).filter(([key, current]) => key !== name && (value === '' || current?.trim() !== value)));
}
