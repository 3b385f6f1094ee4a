import { execute, GraphQLError, parse, validate } from 'graphql';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { FakeLinearGraph } from './fakeLinearGraph.ts';
import { rootResolvers } from './fakeLinearResolvers.ts';
import { linearSchema } from './linearSchema.ts';

/** An answer before HTTP: status and JSON body. */
export interface ExecutionAnswer {
  status: number;
  body: { data?: unknown; errors?: unknown[] };
  operationName: string | null;
}

/**
 * Runs one GraphQL request body the way Linear does: a document that does not parse is HTTP 400
 * `GRAPHQL_PARSE_FAILED`; one that does not validate against Linear's schema is HTTP 400
 * `GRAPHQL_VALIDATION_FAILED`; variables that do not coerce (unknown input fields, wrong scalars)
 * are HTTP 400 `BAD_USER_INPUT`; otherwise it executes over the graph (resolver errors such as
 * "Entity not found: Issue" come back with HTTP 200 beside `data`).
 */
export async function executeLinearRequest(graph: FakeLinearGraph, requestBody: unknown): Promise<ExecutionAnswer> {
  const { query, variables } = (requestBody ?? {}) as { query?: unknown; variables?: unknown };
  if (typeof query !== 'string') return userError(null, 'Must provide query string.', 'BAD_USER_INPUT');
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return userError(null, (error as Error).message, 'GRAPHQL_PARSE_FAILED');
  }
  const operationName = firstOperationName(document);
  const invalid = validate(linearSchema(), document);
  if (invalid.length > 0) return { status: 400, body: { errors: invalid.map((error) => linearError(error, 'GRAPHQL_VALIDATION_FAILED')) }, operationName };
  const result = await execute({
    schema: linearSchema(), document, rootValue: rootResolvers(graph),
    variableValues: (variables ?? {}) as Record<string, unknown>,
  });
  if (result.errors && result.data === undefined) {
    return { status: 400, body: { errors: result.errors.map((error) => linearError(error, 'BAD_USER_INPUT')) }, operationName };
  }
  const errors = result.errors?.map((error) => linearError(error, 'INVALID_INPUT'));
  return { status: 200, body: errors ? { data: result.data, errors } : { data: result.data }, operationName };
}

function firstOperationName(document: DocumentNode): string | null {
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition');
  return operation?.name?.value ?? null;
}

function userError(operationName: string | null, message: string, code: string): ExecutionAnswer {
  return { status: 400, body: { errors: [linearError(new GraphQLError(message), code)] }, operationName };
}

/** Linear's error shape: message, locations/path, and `extensions` with type, code and userError. */
function linearError(error: GraphQLError, code: string): object {
  return {
    ...error.toJSON(),
    extensions: { type: code === 'INVALID_INPUT' ? 'invalid input' : 'graphql error', code, userError: true, userPresentableMessage: error.message },
  };
}
