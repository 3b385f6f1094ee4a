import type { Approval, EventEnvelope } from '../protocol/index.ts';
import { ApprovalSchema } from '../protocol/index.ts';

/**
 * Folds `approval.*` events (each carries the whole DTO) into the requests still pending at the
 * end of the journal: what a host that died left unanswered.
 */
export class PendingApprovalFolder {
  private readonly open = new Map<string, Approval>();

  observe(event: EventEnvelope): void {
    if (!event.type.startsWith('approval.')) return;
    const parsed = ApprovalSchema.safeParse(event.payload.approval);
    if (!parsed.success) return;
    if (parsed.data.state === 'pending') this.open.set(parsed.data.id, parsed.data);
    else this.open.delete(parsed.data.id);
  }

  /** Still pending, in the order they were requested. */
  pending(): Approval[] {
    return [...this.open.values()];
  }
}

/** The reason recorded on requests a restart left unanswered. */
export const HOST_RESTARTED_REASON = 'host restarted';
