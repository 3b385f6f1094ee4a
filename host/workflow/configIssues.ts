import type { z } from 'zod';
import type { KeyPath } from './frontMatter.ts';

const TYPE_NAMES: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map',
  record: 'a map',
};

/** Dotted key path as a user writes it: `agent.max_turns`, `tracker.active_states[1]`. */
export function keyPathText(keyPath: KeyPath): string {
  return keyPath.reduce<string>((text, key) =>
    typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key), '');
}

/**
 * One zod issue as "<key> must be <expectation>, got <value>". Schema-level messages that start
 * with "must" are used verbatim, so the schema can state its own rule (e.g. positive integers).
 */
export function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const key = keyPathText(issue.path) || 'the front matter';
  return `${key} ${expectation(issue)}, got ${describeValue(valueAt(raw, issue.path))}`;
}

function expectation(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith('must ')) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}`;
    case 'invalid_union':
      return `must be one of: ${unionAlternatives(issue)}`;
    default:
      return `is invalid (${issue.message})`;
  }
}

function unionAlternatives(issue: z.core.$ZodIssueInvalidUnion): string {
  const names = issue.errors.flatMap((branch) =>
    branch.filter((inner) => inner.code === 'invalid_type' && inner.path.length === 0)
      .map((inner) => TYPE_NAMES[(inner as z.core.$ZodIssueInvalidType).expected] ?? 'a valid value'));
  return [...new Set(names)].join(' or ') || 'the documented forms';
}

function valueAt(raw: unknown, keyPath: KeyPath): unknown {
  let value = raw;
  for (const key of keyPath) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a map';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
