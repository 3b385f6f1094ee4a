import { errorMessage } from '../../base/errors.ts';
import { executeLinearGraphql } from '../../tracker/linear/linearGraphqlClient.ts';
import type { LinearGraphqlCall, LinearGraphqlResult } from '../../tracker/linear/linearGraphqlClient.ts';
import { redactSecret } from '../../tracker/linear/linearTrackerError.ts';
import type { AgentTool, ToolCallContext, ToolResult } from './agentTool.ts';
import { toolFailure, toolSuccess } from './agentTool.ts';
import { isToolError, readSingleOperation } from './graphqlOperation.ts';

export const LINEAR_GRAPHQL_TOOL_NAME = 'linear_graphql';

/** Sends one GraphQL request to Linear; never throws (see `executeLinearGraphql`). */
export type LinearGraphqlExecutor = (call: LinearGraphqlCall) => Promise<LinearGraphqlResult>;

export interface LinearGraphqlToolOptions {
  /** `tracker.endpoint` of the workflow. */
  endpoint: string;
  /** The resolved `tracker.api_key`; it stays in the host and is never put in a result. */
  apiKey: string | null;
  /** Default: the Linear adapter's one-request client. */
  execute?: LinearGraphqlExecutor;
}

const DESCRIPTION = [
  'Run exactly one GraphQL query or mutation against Linear with the host\'s credentials (you never see the key).',
  'Use it to read issues and to update the issue you work on: change its state, comment, link a pull request.',
  'Pass `query` (one operation, fragments allowed) and optional `variables`.',
  'Returns {"data": ...}; on failure {"error": {"code", "message"}} and, for GraphQL errors, the response body.',
].join(' ');

const INPUT_SCHEMA = {
  type: 'object',
  properties: {
    query: { type: 'string', description: 'One GraphQL query or mutation document for the Linear API.' },
    variables: { type: 'object', description: 'Variables of the operation.', additionalProperties: true },
  },
  required: ['query'],
  additionalProperties: false,
};

/**
 * The `linear_graphql` provider tool (Symphony §5.5): one operation per call, checked before any
 * request; host-side auth; GraphQL `errors` are a failure that keeps the body; bad arguments,
 * missing auth and transport failures are structured failures. It reaches whatever the key can:
 * the workflow's project scope does not limit it, and it does not retry.
 */
export function createLinearGraphqlTool(options: LinearGraphqlToolOptions): AgentTool {
  const execute = options.execute ?? executeLinearGraphql;
  return {
    name: LINEAR_GRAPHQL_TOOL_NAME,
    description: DESCRIPTION,
    inputSchema: INPUT_SCHEMA,
    call: (args, context) => callLinear(options, execute, args, context),
  };
}

async function callLinear(options: LinearGraphqlToolOptions, execute: LinearGraphqlExecutor, args: unknown, context: ToolCallContext): Promise<ToolResult> {
  const input = readArguments(args);
  if ('code' in input) return toolFailure(input.code, input.message);
  const operation = readSingleOperation(input.query);
  if (isToolError(operation)) return toolFailure(operation.code, operation.message);
  const apiKey = options.apiKey?.trim() ?? '';
  if (apiKey === '') return toolFailure('missing_tracker_api_key', 'The host has no Linear API key (tracker.api_key or LINEAR_API_KEY); the tool cannot reach Linear.');
  let result: LinearGraphqlResult;
  try {
    result = await execute({ endpoint: options.endpoint, apiKey, query: operation.query, variables: input.variables, signal: context.signal });
  } catch (error) {
    return toolFailure('linear_api_request', redactSecret(errorMessage(error), apiKey));
  }
  if (result.ok) return toolSuccess({ data: result.data });
  return toolFailure(result.error.code, redactSecret(result.error.message, apiKey), result.body);
}

/** `{query, variables?}`, or a bare query string (the spec's shorthand). */
function readArguments(args: unknown): { query: string; variables: Record<string, unknown> } | { code: string; message: string } {
  const invalid = (message: string) => ({ code: 'invalid_arguments', message });
  if (typeof args === 'string') return args.trim() ? { query: args, variables: {} } : invalid('The query is empty; pass one GraphQL query or mutation.');
  if (!isPlainObject(args)) return invalid('Pass an object {"query": "...", "variables": {...}}.');
  const { query, variables } = args;
  if (typeof query !== 'string' || query.trim() === '') return invalid('`query` must be a non-empty string holding one GraphQL query or mutation.');
  if (variables !== undefined && variables !== null && !isPlainObject(variables)) return invalid('`variables` must be an object when given.');
  return { query, variables: (variables ?? {}) as Record<string, unknown> };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
