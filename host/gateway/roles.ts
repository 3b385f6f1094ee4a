import { GatewayError } from './gatewayError.ts';

/**
 * What a token may do. Each role includes the ones before it:
 * - `viewer`: reads and streams (snapshots, events, terminal output);
 * - `operator`: also runs actions and answers approvals;
 * - `admin`: also writes the task graph and settings.
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** True when a token of role `granted` may use an endpoint that requires `required`. */
export function roleAllows(granted: Role, required: Role): boolean {
  return ROLES.indexOf(granted) >= ROLES.indexOf(required);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Throws `forbidden` unless `principal` holds `required` (or more) for `what` (e.g. `POST /api/v1/actions/dispatch`). */
export function requireRole(principal: { name: string; role: Role }, required: Role, what: string): void {
  if (roleAllows(principal.role, required)) return;
  throw new GatewayError('forbidden', `the token "${principal.name}" has the ${principal.role} role; ${what} needs ${required}. Use a token with that role`);
}
