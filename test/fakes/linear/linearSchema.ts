import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import type { GraphQLSchema } from 'graphql';

/**
 * Linear's public GraphQL schema, pinned as test data: `linear/linear`
 * `packages/sdk/src/schema.graphql` at commit 8335e09a17dd8aa351dace3d05a94a55e78dad2a
 * (2026-07-22, @linear/sdk 88.3.0, MIT). To refresh, replace the file from that path (or
 * introspect https://api.linear.app/graphql), update the commit and the digest below, and run the
 * Linear tests: every document the adapter sends must still validate.
 */
export const LINEAR_SCHEMA_PATH = fileURLToPath(new URL('./linearSchema.graphql', import.meta.url));
export const LINEAR_SCHEMA_SHA256 = 'b00d24d8d252a306f5e2088267b1a17dd6e4442f8b793928410b8d4673a7081d';

let schema: GraphQLSchema | undefined;

/** The schema, built once per process (about a quarter of a second). */
export function linearSchema(): GraphQLSchema {
  schema ??= buildSchema(readFileSync(LINEAR_SCHEMA_PATH, 'utf8'));
  return schema;
}
