import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { GatewayError } from './gatewayError.ts';

/** Largest request body the gateway reads; mutations are small JSON documents. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole body as JSON; 413 beyond `maxBytes`, 400 when it is not JSON. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = await collect(req, maxBytes);
  const text = bytes.toString('utf8');
  if (text.trim() === '') throw new GatewayError('invalid_request', 'the request body is empty; send a JSON object');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GatewayError('invalid_request', 'the request body is not valid JSON; send a JSON object', { cause: error });
  }
}

/** Validates a parsed body; the message lists each wrong field so the caller can fix it. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ');
  throw new GatewayError('invalid_request', `invalid ${what} body: ${problems}`);
}

/** Buffers the body; past the limit it stops keeping bytes (the rest is drained, not stored). */
function collect(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.byteLength;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.resume();
      reject(tooLarge(maxBytes));
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', (error) => reject(new GatewayError('invalid_request', 'the request body could not be read', { cause: error })));
  });
}

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError('payload_too_large', `the request body exceeds ${maxBytes} bytes; send a smaller request`, {
    headers: { connection: 'close' },
  });
}
