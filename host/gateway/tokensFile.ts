import { readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CodedError, errorMessage } from '../base/errors.ts';
import { ROLES } from './roles.ts';
import { grantForToken, MIN_TOKEN_LENGTH } from './tokenRegistry.ts';
import type { TokenGrant } from './tokenRegistry.ts';

const TokenEntrySchema = z.object({
  name: z.string().trim().min(1, 'name is required'),
  role: z.enum(ROLES),
  token_sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'token_sha256 must be 64 hex digits (sha256sum of the token)').optional(),
  token: z.string().min(MIN_TOKEN_LENGTH, `token must be at least ${MIN_TOKEN_LENGTH} characters`).optional(),
}).strict().refine((entry) => (entry.token === undefined) !== (entry.token_sha256 === undefined), {
  message: 'give exactly one of token_sha256 (preferred) or token',
});

/**
 * The hosted-mode tokens file, JSON or YAML:
 * `{tokens: [{name, role: viewer|operator|admin, token_sha256: <hex> | token: <plain>}]}`.
 */
export const TokensFileSchema = z.object({ tokens: z.array(TokenEntrySchema).min(1, 'list at least one token') }).strict();

/** The grants of a tokens file, and whether it holds any plain token. */
export interface TokensFileContents {
  grants: TokenGrant[];
  hasPlainTokens: boolean;
}

/** Parses tokens-file text (YAML is a superset of JSON). Throws `invalid_tokens_file`. */
export function parseTokensFile(text: string, path: string): TokensFileContents {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw invalid(path, `it is neither JSON nor YAML (${errorMessage(error)})`);
  }
  const parsed = TokensFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; ');
    throw invalid(path, problems);
  }
  const names = new Set<string>();
  const grants = parsed.data.tokens.map((entry) => {
    if (names.has(entry.name)) throw invalid(path, `the name "${entry.name}" appears twice; names identify clients in the log`);
    names.add(entry.name);
    const principal = { name: entry.name, role: entry.role };
    return entry.token_sha256 !== undefined
      ? { ...principal, sha256: Buffer.from(entry.token_sha256, 'hex') }
      : grantForToken(entry.token as string, principal);
  });
  return { grants, hasPlainTokens: parsed.data.tokens.some((entry) => entry.token !== undefined) };
}

/**
 * Reads a tokens file. Refused when others may write it (they could add a token), or when it
 * holds plain tokens and others may read it.
 */
export function readTokensFile(path: string): TokensFileContents {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CodedError('invalid_tokens_file', `cannot read the tokens file ${path} (${errorMessage(error)})`, { cause: error });
  }
  const contents = parseTokensFile(text, path);
  const problem = tokensFilePermissionProblem(statSync(path).mode, contents.hasPlainTokens);
  if (problem) throw new CodedError('insecure_tokens_file', `${path}: ${problem}`);
  return contents;
}

/** What is wrong with a tokens file's mode, or undefined (always fine on Windows, which has no modes). */
export function tokensFilePermissionProblem(mode: number, hasPlainTokens: boolean, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform === 'win32') return undefined;
  if ((mode & 0o022) !== 0) return 'group or others may write it, so they could grant themselves a token; chmod 600 it';
  if (hasPlainTokens && (mode & 0o044) !== 0) return 'it holds plain tokens and group or others may read it; chmod 600 it, or store token_sha256 instead';
  return undefined;
}

function invalid(path: string, problem: string): CodedError {
  return new CodedError('invalid_tokens_file', `the tokens file ${path} is invalid: ${problem}. Expected {tokens: [{name, role: viewer|operator|admin, token_sha256}]}`);
}
