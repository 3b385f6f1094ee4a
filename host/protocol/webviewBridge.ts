import { z } from 'zod';

/**
 * The envelope every webview panel shares with the extension: a `ready` handshake (nothing is
 * posted to a webview before it), requests with ids, and replies that name the request they answer.
 * Each panel adds its own request methods and pushes (see runView.ts, dashboardView.ts).
 */

/** A request id, unique per webview instance. */
export const WebviewRequestIdSchema = z.number().int().nonnegative();

/** Why a request failed: a gateway error code (`not_found`, `gateway_unreachable`, …) or a bridge code. */
export const WebviewErrorSchema = z.object({ code: z.string(), message: z.string() });
export type WebviewError = z.infer<typeof WebviewErrorSchema>;

/** Codes the bridge itself produces. */
export const WebviewErrorCode = {
  /** The folder's host is not connected (starting, restarting, failed). */
  notConnected: 'not_connected',
  /** The host does not offer what was asked (an older host, or a route not there yet). */
  unsupported: 'unsupported',
  /** The reply did not match the method's result schema. */
  invalidReply: 'invalid_reply',
  /** No reply within the webview's deadline. */
  timeout: 'timeout',
  internal: 'internal',
} as const;

/** The extension's answer to one request; the webview validates `result` against the method's schema. */
export const WebviewResponseSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: WebviewRequestIdSchema, ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: WebviewRequestIdSchema, ok: z.literal(false), error: WebviewErrorSchema }),
]);
export type WebviewResponse = z.infer<typeof WebviewResponseSchema>;

/** A webview's own problem, written to the extension's log (a webview console is hard to reach). */
export const WebviewLogMessageSchema = z.object({
  type: z.literal('log'),
  level: z.enum(['info', 'warn', 'error']),
  message: z.string().max(4_000),
});
export type WebviewLogMessage = z.infer<typeof WebviewLogMessageSchema>;

/** How the extension's relay of a gateway stream stands; anything but `live` marks shown data stale. */
export const StreamStatusSchema = z.enum(['live', 'reconnecting', 'offline']);
export type StreamStatus = z.infer<typeof StreamStatusSchema>;
