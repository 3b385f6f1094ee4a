import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JsonSchemaValidator } from './jsonSchemaValidator.ts';
import type { JsonSchema, SchemaIssue } from './jsonSchemaValidator.ts';

/**
 * The agent-server OpenAPI, pinned as test data: OpenHands/docs `openapi/agent-server.json` on
 * branch `add-agent-server-rest-api-docs` at commit 9bf3788b (2026-03-15; its 47 paths match the
 * v1.14.0 routers, harness-protocols.md §0). To refresh, replace the file, update the digest below
 * and run the OpenHands tests: every response the fake serves and every request the adapter sends
 * must still validate.
 */
export const AGENT_SERVER_OPENAPI_PATH = fileURLToPath(new URL('./agentServerOpenApi.json', import.meta.url));
export const AGENT_SERVER_OPENAPI_SHA256 = '2d6e667e170b62b7e84705df79b43ca95f8e962c5e727f968299cbcbe3ddf35c';

/**
 * Error bodies are not declared in the document (404/409 have no content); A4 gives their shape:
 * `{"detail": string | validation array}`, 5xx adding `exception`.
 */
export const ERROR_ENVELOPE_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['detail'],
  properties: {
    detail: { anyOf: [{ type: 'string' }, { type: 'array', items: { $ref: '#/components/schemas/ValidationError' } }] },
    exception: { type: 'string' },
  },
};

/** `/ready` before startup is done (A2); the document only declares its 200. */
export const READY_INITIALIZING_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['status', 'message'],
  properties: { status: { const: 'initializing' }, message: { type: 'string' } },
};

interface Operation {
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

/** The document, its validator and lookups by operation. */
export class AgentServerOpenApi {
  readonly document: { paths: Record<string, Record<string, Operation>>; components: Record<string, unknown> };
  readonly validator: JsonSchemaValidator;
  readonly sha256: string;

  constructor() {
    const text = readFileSync(AGENT_SERVER_OPENAPI_PATH, 'utf8');
    this.sha256 = createHash('sha256').update(text).digest('hex');
    this.document = JSON.parse(text) as AgentServerOpenApi['document'];
    this.validator = new JsonSchemaValidator(this.document);
  }

  /** `#/components/schemas/<name>` as a `$ref` schema. */
  component(name: string): JsonSchema {
    return { $ref: `#/components/schemas/${name}` };
  }

  validateComponent(name: string, value: unknown): SchemaIssue[] {
    return this.validator.validate(this.component(name), value);
  }

  /**
   * Checks a response of `method pathTemplate`: against the declared schema of its status (201 uses
   * 200's, the documented create status the document omits), or the A4 envelope for errors.
   */
  validateResponse(method: string, pathTemplate: string, status: number, body: unknown): SchemaIssue[] {
    const operation = this.operation(method, pathTemplate);
    if (!operation) return [{ path: '$', message: `the document has no operation ${method.toUpperCase()} ${pathTemplate}` }];
    if (pathTemplate === '/ready' && status === 503) return this.validator.validate(READY_INITIALIZING_SCHEMA, body);
    if (status >= 400 && status !== 422) return this.validator.validate(ERROR_ENVELOPE_SCHEMA, body);
    const declared = operation.responses?.[String(status)] ?? (status === 201 ? operation.responses?.['200'] : undefined);
    if (!declared) return [{ path: '$', message: `${method.toUpperCase()} ${pathTemplate} does not declare status ${status}` }];
    const schema = declared.content?.['application/json']?.schema;
    return schema ? this.validator.validate(schema, body) : [];
  }

  /** The request body schema of an operation, or null when it takes no body. */
  requestSchema(method: string, pathTemplate: string): JsonSchema | null {
    return this.operation(method, pathTemplate)?.requestBody?.content?.['application/json']?.schema ?? null;
  }

  operation(method: string, pathTemplate: string): Operation | undefined {
    return this.document.paths[pathTemplate]?.[method.toLowerCase()];
  }
}

let shared: AgentServerOpenApi | undefined;

/** The document, parsed once per process. */
export function agentServerOpenApi(): AgentServerOpenApi {
  shared ??= new AgentServerOpenApi();
  return shared;
}
