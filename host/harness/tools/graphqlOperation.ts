import { GraphQLError, Kind, parse } from 'graphql';
import type { ToolError } from './agentTool.ts';

/** A document that holds exactly one operation, ready to send. */
export interface SingleOperation {
  query: string;
  /** `query`, `mutation` or `subscription`. */
  operation: string;
  name: string | null;
}

/**
 * Checks that `query` parses and holds exactly one operation (fragments may accompany it), so one
 * tool call is one GraphQL operation. Returns the operation, or the failure to give the agent.
 */
export function readSingleOperation(query: string): SingleOperation | ToolError {
  let document;
  try {
    document = parse(query, { noLocation: false });
  } catch (error) {
    const message = error instanceof GraphQLError ? error.message : String(error);
    return { code: 'graphql_parse_error', message: `The query is not valid GraphQL: ${message}` };
  }
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const foreign = document.definitions.filter((definition) => definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION);
  if (foreign.length > 0) {
    return { code: 'graphql_parse_error', message: `The document holds ${foreign[0]?.kind} definitions; send one query or mutation (with its fragments).` };
  }
  if (operations.length === 0) {
    return { code: 'graphql_no_operation', message: 'The document holds no query or mutation (fragments alone cannot run); send exactly one operation.' };
  }
  if (operations.length > 1) {
    return { code: 'graphql_multiple_operations', message: `The document holds ${operations.length} operations; send exactly one query or mutation per call.` };
  }
  const [only] = operations;
  return { query, operation: only?.operation ?? 'query', name: only?.name?.value ?? null };
}

export function isToolError(value: SingleOperation | ToolError): value is ToolError {
  return 'code' in value;
}
