import { z } from 'zod';

/** Where one gateway listener serves: the local socket, or TCP (with TLS when `secure`). */
export const GatewayListenerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('socket'), socketPath: z.string() }),
  z.object({ kind: z.literal('tcp'), host: z.string(), port: z.number().int(), secure: z.boolean(), url: z.string() }),
]);
export type GatewayListener = z.infer<typeof GatewayListenerSchema>;

/** Health of one stream kind (`events`, `runs`, `terminal`, `planning`), summed over its subscribers. */
export const StreamHealthSchema = z.object({
  subscribers: z.number().int().nonnegative(),
  by_transport: z.object({ websocket: z.number().int().nonnegative(), sse: z.number().int().nonnegative() }),
  /** The furthest any subscriber is behind its stream's head (events or chunks; for run and planning streams, journal seqs). */
  max_lag: z.number().int().nonnegative(),
  total_lag: z.number().int().nonnegative(),
  /** Subscribers told to resync since the gateway started. */
  resyncs: z.number().int().nonnegative(),
});
export type StreamHealthDto = z.infer<typeof StreamHealthSchema>;

/** What the gateway reports about itself in the dashboard snapshot. */
export const GatewayHealthSchema = z.object({
  listeners: z.array(GatewayListenerSchema),
  /** By stream kind; clients must tolerate kinds they do not know. */
  streams: z.record(z.string(), StreamHealthSchema),
});
export type GatewayHealthDto = z.infer<typeof GatewayHealthSchema>;
