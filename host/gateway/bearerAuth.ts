import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { CodedError } from '../base/errors.ts';

/** Minimum token length accepted at start-up; the host generates 32 random bytes. */
const MIN_TOKEN_LENGTH = 16;

/** Checks `Authorization: Bearer <token>` in constant time. */
export interface BearerAuth {
  isAuthorized(headers: IncomingHttpHeaders): boolean;
}

export function createBearerAuth(token: string): BearerAuth {
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new CodedError('gateway_token_too_short', `the gateway token must be at least ${MIN_TOKEN_LENGTH} characters; generate a random one`);
  }
  // Comparing fixed-length digests keeps the comparison constant-time even when lengths differ.
  const expected = digest(token);
  return {
    isAuthorized(headers) {
      const presented = bearerToken(headers.authorization);
      return presented !== undefined && timingSafeEqual(digest(presented), expected);
    },
  };
}

/** The token of a `Bearer` authorization header, or undefined when absent or malformed. */
function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1];
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export const UNAUTHORIZED_MESSAGE =
  'missing or wrong bearer token; send "Authorization: Bearer <token>" with the token the host wrote to its token file';
