import { render } from 'preact';
import type { FromDashboardMessage, ToDashboardMessage } from '../../host/protocol/dashboardView.ts';
import { ToDashboardMessageSchema } from '../../host/protocol/dashboardView.ts';
import { useStore } from '../shared/useStore.ts';
import { VsCodeBridge } from '../shared/vscodeBridge.ts';
import { dashboardReducer, initialDashboardState } from '../state/dashboardState.ts';
import { animationFrameScheduler, Store } from '../state/store.ts';
import { FolderSection } from './folderSection.tsx';

const bridge = new VsCodeBridge<ToDashboardMessage, FromDashboardMessage>(ToDashboardMessageSchema);
const store = new Store(dashboardReducer, initialDashboardState(bridge.getState()), animationFrameScheduler);
const post = (message: FromDashboardMessage) => bridge.post(message);

function Dashboard() {
  const { view, restored } = useStore(store);
  if (!view) return <p class="muted">Connecting to the OpenSymphony host…</p>;
  return (
    <main class={restored ? 'stale' : undefined}>
      {restored && <p class="stale-banner" role="status">Showing the dashboard as it was before the reload; connecting…</p>}
      {view.folders.length === 0 ? <p class="muted">No workspace folder with a WORKFLOW.md is open.</p>
        : view.folders.map((folder) => <FolderSection key={folder.key} folder={folder} post={post} />)}
    </main>
  );
}

bridge.listen((message) => {
  store.dispatch({ type: 'view', view: message.view });
  bridge.setState(message.view);
});
render(<Dashboard />, document.getElementById('root')!);
bridge.post({ type: 'ready' });
