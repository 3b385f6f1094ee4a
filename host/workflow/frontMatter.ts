import { isMap, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { errorMessage } from '../base/errors.ts';
import { WorkflowError } from './workflowErrors.ts';

/** A key path into the front matter, as zod reports it (`['agent', 'max_turns']`). */
export type KeyPath = readonly PropertyKey[];

/** WORKFLOW.md split into its two parts, with the file lines where each starts. */
export interface WorkflowSections {
  /** YAML between the fences, or null when the file has no front matter. */
  frontMatter: string | null;
  /** 1-based file line of the first YAML line. */
  frontMatterLine: number;
  /** Prompt template, trimmed. */
  body: string;
  /** 1-based file line where the trimmed body starts. */
  bodyLine: number;
}

/** The front matter as a plain map plus a way to find the file line of any key. */
export interface ParsedFrontMatter {
  raw: Record<string, unknown>;
  /** File line of the value at `keyPath`, or of its nearest ancestor present in the YAML. */
  lineOf(keyPath: KeyPath): number | null;
}

const FENCE = /^---\s*$/;

/** Splits on a leading `---` line and the next `---` line (Symphony §5.2). */
export function splitWorkflow(text: string, path: string): WorkflowSections {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? '')) return sectionsOf(null, 1, lines, 0);
  const closing = lines.findIndex((line, index) => index > 0 && FENCE.test(line));
  if (closing < 0) {
    throw new WorkflowError('workflow_parse_error',
      `${path}: the front matter opened by '---' on line 1 is never closed. Add a '---' line after the YAML settings, before the prompt.`,
      { path, line: 1 });
  }
  return sectionsOf(lines.slice(1, closing).join('\n'), 2, lines, closing + 1);
}

function sectionsOf(frontMatter: string | null, frontMatterLine: number, lines: string[], bodyStart: number): WorkflowSections {
  const bodyLines = lines.slice(bodyStart);
  const firstContent = bodyLines.findIndex((line) => line.trim() !== '');
  const bodyLine = bodyStart + (firstContent < 0 ? 0 : firstContent) + 1;
  return { frontMatter, frontMatterLine, body: bodyLines.join('\n').trim(), bodyLine };
}

/** Parses the YAML front matter; an empty one is `{}`, anything but a map is an error. */
export function parseFrontMatter(yamlText: string, firstLine: number, path: string): ParsedFrontMatter {
  const lineCounter = new LineCounter();
  // prettyErrors off: its message quotes YAML-relative lines, which would contradict ours.
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const toFileLine = (offset: number): number => lineCounter.linePos(offset).line + firstLine - 1;
  const [syntaxError] = document.errors;
  if (syntaxError) {
    const line = toFileLine(syntaxError.pos[0]);
    throw new WorkflowError('workflow_parse_error',
      `${path}:${line}: the YAML front matter is invalid: ${syntaxError.message}`,
      { path, line, cause: syntaxError });
  }
  if (document.contents !== null && !isMap(document.contents)) {
    const line = document.contents.range ? toFileLine(document.contents.range[0]) : firstLine;
    throw new WorkflowError('workflow_front_matter_not_a_map',
      `${path}:${line}: the front matter must be a map of settings (for example 'polling:' with 'interval_ms: 30000' under it), not a list or a single value.`,
      { path, line });
  }
  return { raw: toPlainMap(document, path), lineOf: (keyPath) => lineOfKey(document, keyPath, toFileLine) };
}

function toPlainMap(document: Document, path: string): Record<string, unknown> {
  try {
    return (document.toJS() ?? {}) as Record<string, unknown>;
  } catch (error) {
    // toJS refuses alias bombs (maxAliasCount); report it like any other YAML problem.
    throw new WorkflowError('workflow_parse_error', `${path}: the YAML front matter is invalid: ${errorMessage(error)}`, { path, cause: error });
  }
}

function lineOfKey(document: Document, keyPath: KeyPath, toFileLine: (offset: number) => number): number | null {
  for (let length = keyPath.length; length >= 0; length--) {
    const node = document.getIn(keyPath.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return toFileLine(node.range[0]);
  }
  return null;
}
