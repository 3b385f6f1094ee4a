import { memo } from 'preact/compat';
import type { Approval } from '../../host/protocol/dto.ts';
import { formatTime } from '../shared/format.ts';
import type { RunController } from './runController.ts';
import { unwrapShellCommand } from '../../host/protocol/shellCommandText.ts';

function what(approval: Approval) {
  if (approval.kind === 'user_input') return <>know: {approval.questions?.map((question) => question.question).join(' / ') || '(no question given)'}</>;
  return approval.kind === 'command'
    ? <>run <code title={approval.command ?? undefined}>{approval.command ? unwrapShellCommand(approval.command) : '(unknown command)'}</code></>
    : <>change {approval.files.join(', ') || 'files'}</>;
}

/** The run's approval requests; pending ones with the same choices as the notification. */
export const ApprovalsSection = memo(function ApprovalsSection({ approvals, controller }: { approvals: readonly Approval[]; controller: RunController }) {
  if (approvals.length === 0) return null;
  const pending = approvals.filter((approval) => approval.state === 'pending');
  return (
    <section class="side-section" aria-label="Approvals">
      <h3>Approvals{pending.length > 0 && <span class="pill attention">{pending.length} waiting</span>}</h3>
      <ul class="approvals">
        {[...approvals].reverse().map((approval) => (
          <li key={approval.id} data-approval={approval.id} data-state={approval.state}>
            <div>
              The agent wants to {what(approval)}{approval.reason && <span class="muted"> ({approval.reason})</span>}
              {approval.risk && approval.risk.flags.length > 0 && <span class={`pill risk-${approval.risk.level}`} title={approval.risk.flags.join(', ')}>{approval.risk.summary}</span>}
              <div class="muted">{formatTime(approval.requested_at)}{approval.state !== 'pending' && ` · ${approval.state}${approval.decided_by ? ` by ${approval.decided_by.kind}` : ''}`}</div>
            </div>
            {approval.state === 'pending' && approval.kind === 'user_input' && <div class="muted">Answer from the notification or the Approvals view.</div>}
            {approval.state === 'pending' && approval.kind !== 'user_input' && (
              <div class="buttons">
                <button data-decision="approve" onClick={() => void controller.decide(approval.id, 'approve')}>Approve</button>
                <button class="secondary" data-decision="approve_always" title="Also approve matching requests for the rest of this run" onClick={() => void controller.decide(approval.id, 'approve_always')}>Approve Always</button>
                <button class="secondary" data-decision="deny" onClick={() => void controller.decide(approval.id, 'deny')}>Deny</button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
});
