import { ErrorBox } from '../shared/errorBox.tsx';
import { useStore } from '../shared/useStore.ts';
import type { RunViewAction, RunViewState } from '../state/runState.ts';
import { isStale } from '../state/runState.ts';
import type { Store } from '../state/store.ts';
import { ActionBar } from './actionBar.tsx';
import { ApprovalsSection } from './approvalsSection.tsx';
import { ContextSection } from './contextSection.tsx';
import { FilesSection } from './filesSection.tsx';
import { OutputSection } from './outputSection.tsx';
import type { RunController } from './runController.ts';
import { SummaryHeader } from './summaryHeader.tsx';
import { Timeline } from './timeline.tsx';

function StaleBanner({ state }: { state: RunViewState }) {
  if (!isStale(state)) return null;
  const text = state.stream.status === 'connecting' || (state.restored && state.stream.status !== 'offline')
    ? 'Connecting to the host… showing what this panel last knew.'
    : `Not connected to the host${state.stream.message ? ` (${state.stream.message})` : ''}: what you see may be out of date; it catches up from where it stopped when the host is back.`;
  return <p class="stale-banner" role="status" data-stream={state.stream.status}>{text}</p>;
}

/** The run detail panel. */
export function RunApp({ store, controller }: { store: Store<RunViewState, RunViewAction>; controller: RunController }) {
  const state = useStore(store);
  const { detail } = state;
  return (
    <div class={isStale(state) ? 'app stale' : 'app'} data-run={state.target?.run_id}>
      <StaleBanner state={state} />
      {detail.error && <ErrorBox what="the run" error={detail.error} onRetry={() => state.target && void controller.init(state.target)} />}
      {!detail.value && !detail.error && <p class="muted">Loading the run…</p>}
      {detail.value && (
        <>
          <SummaryHeader detail={detail.value} />
          <ActionBar detail={detail.value} outcomes={state.outcomes} controller={controller} />
        </>
      )}
      <div class="columns">
        <Timeline timeline={state.timeline} total={detail.value?.event_count ?? null} controller={controller} />
        <aside class="side">
          {detail.value && <ApprovalsSection approvals={detail.value.approvals} controller={controller} />}
          <FilesSection files={state.files} controller={controller} />
          {detail.value && <ContextSection detail={detail.value} />}
          <OutputSection logs={state.logs} terminal={state.terminal} controller={controller} />
        </aside>
      </div>
    </div>
  );
}
