import { z } from 'zod';

export const ErrorEnvelopeSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** Gateway error codes and the HTTP status each maps to. */
export const GatewayErrorStatus = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  invalid_request: 400,
  payload_too_large: 413,
  conflict: 409,
  unavailable: 503,
  internal: 500,
} as const;
export type GatewayErrorCode = keyof typeof GatewayErrorStatus;
