import { createHash, timingSafeEqual } from 'node:crypto';
import { CodedError } from '../base/errors.ts';
import type { Role } from './roles.ts';

/** Minimum length of a plain token; the host generates 32 random bytes (64 hex characters). */
export const MIN_TOKEN_LENGTH = 16;

/** Who presented a token: a name for logs and messages (never the token) and a role. */
export interface Principal {
  name: string;
  role: Role;
}

/** One accepted token, known only by its SHA-256 digest. */
export interface TokenGrant extends Principal {
  /** SHA-256 of the token's UTF-8 bytes. */
  sha256: Uint8Array;
}

/** A presented token that matched a grant. */
export interface Identified {
  principal: Principal;
  /** Hex SHA-256 of the token: names the grant (to find its streams when it is revoked), never the token. */
  grantKey: string;
}

/** Maps presented bearer tokens to principals in constant time; holds digests, never tokens. */
export interface TokenRegistry {
  /** The principal of a presented token, or undefined when no grant matches. */
  authenticate(presented: string): Principal | undefined;
  /** `authenticate`, with the key of the grant that matched. */
  identify(presented: string): Identified | undefined;
  /** Whether the grant with this key is (still) in the registry. */
  hasGrant(grantKey: string): boolean;
  readonly size: number;
}

/** SHA-256 of a token, the form in which grants keep it. */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A grant for a plain token; refuses tokens too short to be random. */
export function grantForToken(token: string, principal: Principal): TokenGrant {
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new CodedError('gateway_token_too_short', `the token of "${principal.name}" must be at least ${MIN_TOKEN_LENGTH} characters; generate a random one (e.g. openssl rand -hex 32)`);
  }
  return { ...principal, sha256: tokenDigest(token) };
}

export function createTokenRegistry(grants: readonly TokenGrant[]): TokenRegistry {
  if (grants.length === 0) {
    throw new CodedError('gateway_no_tokens', 'the gateway needs at least one token; give it a token file or a tokens file');
  }
  const seen = new Set<string>();
  for (const grant of grants) {
    const key = Buffer.from(grant.sha256).toString('hex');
    if (grant.sha256.byteLength !== 32) throw new CodedError('invalid_token_grant', `the token digest of "${grant.name}" is not a SHA-256 digest`);
    if (seen.has(key)) throw new CodedError('duplicate_token', `the token of "${grant.name}" is also granted under another name; give every client its own token`);
    seen.add(key);
  }
  const digests = grants.map((grant) => ({ principal: { name: grant.name, role: grant.role }, digest: Buffer.from(grant.sha256) }));
  const identify = (presented: string): Identified | undefined => {
    // Fixed-length digests compared against every grant: the time taken says nothing about
    // how close the token was, nor which grant matched.
    const candidate = tokenDigest(presented);
    let match: Principal | undefined;
    for (const { principal, digest } of digests) {
      if (timingSafeEqual(candidate, digest) && match === undefined) match = principal;
    }
    return match && { principal: match, grantKey: candidate.toString('hex') };
  };
  return {
    size: digests.length,
    identify,
    authenticate: (presented) => identify(presented)?.principal,
    hasGrant: (grantKey) => seen.has(grantKey),
  };
}
