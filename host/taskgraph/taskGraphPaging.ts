import { z } from 'zod';
import type { IssueNode, TaskGraphNode } from '../protocol/index.ts';
import { TaskGraphOrderSchema } from '../protocol/index.ts';
import { TaskGraphError } from './taskGraphError.ts';
import { bySiblingOrder } from './taskGraphModel.ts';
import type { SiblingPosition } from './taskGraphModel.ts';

/** A cursor names the last issue of a page by its order key, so pages stay correct while issues change. */
const CursorSchema = z.object({ o: TaskGraphOrderSchema, n: z.string() });

/** The issues after `cursor` (sorted input), at most `limit`, and the cursor of the next page. */
export function pageIssues(sorted: readonly IssueNode[], cursor: string | null, limit: number): { issues: IssueNode[]; next_cursor: string | null } {
  const after = cursor === null ? undefined : decodeCursor(cursor);
  const start = after ? firstAfter(sorted, after) : 0;
  const issues = sorted.slice(start, start + limit);
  const last = issues.at(-1);
  const more = start + issues.length < sorted.length;
  return { issues, next_cursor: more && last ? encodeCursor(last) : null };
}

function encodeCursor(node: TaskGraphNode): string {
  return Buffer.from(JSON.stringify({ o: node.order, n: node.node_id }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): SiblingPosition {
  let parsed: z.infer<typeof CursorSchema>;
  try {
    parsed = CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (error) {
    throw new TaskGraphError('invalid_cursor', 'cursor is not one this host issued; pass the next_cursor of the previous page, or omit it for the first page', { cause: error });
  }
  return { order: parsed.o, node_id: parsed.n };
}

/** Binary search for the first node strictly after the cursor position. */
function firstAfter(sorted: readonly IssueNode[], after: SiblingPosition): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (bySiblingOrder(sorted[middle] as IssueNode, after) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
