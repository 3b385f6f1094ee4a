import type { z } from 'zod';
import type { ActionContext, ActionOutcome, GatewayBackend } from './gatewayBackend.ts';
import type { Role } from './roles.ts';

/** A mutation: its name in receipts, its body schema, and the backend call that decides it. */
export interface ActionDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  perform: (backend: GatewayBackend, request: z.infer<S>, context: ActionContext) => Promise<ActionOutcome>;
  /** Default `/api/v1/actions/<name>`. */
  pattern?: string;
  /** Default `operator`. */
  role?: Role;
}

/** Type-checks one definition against its own schema, then forgets the schema type for the action table. */
export function defineAction<S extends z.ZodType>(definition: ActionDefinition<S>): ActionDefinition {
  return definition as unknown as ActionDefinition;
}
