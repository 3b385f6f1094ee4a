import { memo } from 'preact/compat';
import type { Run } from '../../host/protocol/dto.ts';
import type { RunAction, RunDetailView } from '../../host/protocol/runView.ts';
import type { Outcome } from '../state/runState.ts';
import type { RunController } from './runController.ts';

const ACTIVE = new Set<Run['state']>(['queued', 'running', 'retrying']);

/** Which gateway actions make sense for the run now (the host has the last word, in its receipt). */
export function enabledActions(run: Run): Record<RunAction, boolean> {
  return {
    retry: !ACTIVE.has(run.state) || run.state === 'retrying',
    cancel: ACTIVE.has(run.state),
    pause: run.state === 'running' && !run.paused,
    resume: run.state === 'running' && run.paused === true,
  };
}

const LABELS: Record<RunAction, string> = { retry: 'Retry', cancel: 'Cancel', pause: 'Pause', resume: 'Resume' };
const ICONS: Record<RunAction, string> = { retry: 'refresh', cancel: 'debug-stop', pause: 'debug-pause', resume: 'debug-continue' };

/** A codicon beside a button's label; hidden from assistive technology, the label says it all. */
function Icon({ name }: { name: string }) {
  return <i class={`codicon codicon-${name}`} aria-hidden="true" />;
}

export interface ActionBarProps {
  detail: RunDetailView;
  outcomes: readonly Outcome[];
  controller: RunController;
}

/** Retry, cancel, pause, resume (through the gateway) and the editor's own openers; then what the receipts said. */
export const ActionBar = memo(function ActionBar({ detail, outcomes, controller }: ActionBarProps) {
  const enabled = enabledActions(detail.run);
  return (
    <div class="actions">
      <div class="action-bar" role="toolbar" aria-label="Run actions">
        {(Object.keys(LABELS) as RunAction[]).map((action) => (
          <button key={action} data-action={action} disabled={!enabled[action]} onClick={() => void controller.runAction(action)}><Icon name={ICONS[action]} />{LABELS[action]}</button>
        ))}
        <span class="separator" />
        <button class="secondary" data-action="terminal" onClick={() => void controller.openIn('terminal')}><Icon name="terminal" />Open Terminal</button>
        <button class="secondary" data-action="workspace" disabled={!detail.workspace} onClick={() => void controller.openIn('workspace')}><Icon name="folder-opened" />Open Workspace</button>
        <button class="secondary" data-action="tracker" disabled={!detail.tracker_url} onClick={() => void controller.openIn('tracker')}><Icon name="link-external" />Open in Linear</button>
      </div>
      {outcomes.length > 0 && (
        <ul class="outcomes" aria-live="polite">
          {outcomes.map((outcome) => (
            <li key={outcome.id} class={`outcome outcome-${outcome.status}`} data-outcome={outcome.status}>
              <strong>{outcome.label}</strong>: {outcome.status === 'pending' ? 'sending…' : outcome.status}{outcome.message ? ` — ${outcome.message}` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
