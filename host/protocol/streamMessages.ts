import { z } from 'zod';
import { EventEnvelopeSchema } from './envelope.ts';

/**
 * Messages of the gateway's WebSocket streams.
 *
 * `/api/v1/streams/events?cursor=N` sends JSON text frames, each one `EventStreamMessage`.
 * `/api/v1/streams/terminal/{stream_id}?cursor=N` sends binary frames (see terminalFrame.ts) for
 * output and JSON text frames (`StreamResyncMessage`) for control.
 *
 * Both streams first replay everything after `cursor`, then go live, with no gap and no duplicate.
 * Clients keep the highest `seq` they have seen and pass it back as `cursor` when they reconnect.
 * Clients must ignore messages whose `kind` they do not know.
 */

/** A batch of events in seq order; every `seq` is greater than any sent before on this socket. */
export const EventBatchMessageSchema = z.object({
  kind: z.literal('events'),
  schema_version: z.number().int(),
  events: z.array(EventEnvelopeSchema),
});
export type EventBatchMessage = z.infer<typeof EventBatchMessageSchema>;

/**
 * The server stops this socket because the client fell too far behind (its send buffer is full);
 * the socket closes right after. Reconnect with `cursor` (or the highest seq seen, if higher).
 */
export const StreamResyncMessageSchema = z.object({
  kind: z.literal('resync'),
  schema_version: z.number().int(),
  cursor: z.number().int().nonnegative(),
  reason: z.string(),
});
export type StreamResyncMessage = z.infer<typeof StreamResyncMessageSchema>;

/** Any text message on the events stream. */
export const EventStreamMessageSchema = z.discriminatedUnion('kind', [EventBatchMessageSchema, StreamResyncMessageSchema]);
export type EventStreamMessage = z.infer<typeof EventStreamMessageSchema>;

/** Any text message on a terminal stream (output itself travels in binary frames). */
export const TerminalStreamMessageSchema = StreamResyncMessageSchema;
export type TerminalStreamMessage = z.infer<typeof TerminalStreamMessageSchema>;

/** WebSocket close codes the gateway uses (4000-4999 is the application range). */
export const StreamCloseCode = {
  /** The host is shutting down; reconnect with backoff. */
  goingAway: 1001,
  /** Sent after a `resync` message; reconnect at once from the cursor. */
  resync: 4000,
  /** The token that opened the stream was revoked (hosted tokens file edited); reconnecting with it is refused (401). */
  revoked: 4001,
} as const;
