import { z } from 'zod';

/** `GET /healthz`: the host process is alive. */
export const HealthStatusSchema = z.object({ schema_version: z.number().int(), status: z.literal('ok') });
export type HealthStatus = z.infer<typeof HealthStatusSchema>;

/** `GET /readyz` when ready (otherwise the gateway answers 503 `unavailable`). */
export const ReadyStatusSchema = z.object({ schema_version: z.number().int(), status: z.literal('ready') });
export type ReadyStatus = z.infer<typeof ReadyStatusSchema>;
