import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { DashboardView, FromDashboardMessage, ToDashboardMessage } from '../../host/protocol/index.ts';
import { DashboardViewSchema, ToDashboardMessageSchema } from '../../host/protocol/index.ts';
import { VsCodeBridge } from '../shared/vscodeBridge.ts';
import { FolderSection } from './folderSection.tsx';

const bridge = new VsCodeBridge<ToDashboardMessage, FromDashboardMessage>(ToDashboardMessageSchema);

function restoredView(): DashboardView | undefined {
  const parsed = DashboardViewSchema.safeParse(bridge.getState());
  return parsed.success ? parsed.data : undefined;
}

function Dashboard() {
  const [view, setView] = useState<DashboardView | undefined>(restoredView);
  useEffect(() => {
    bridge.listen((message) => {
      setView(message.view);
      bridge.setState(message.view);
    });
    bridge.post({ type: 'ready' });
  }, []);
  if (!view) return <p class="muted">Connecting to the OpenSymphony host…</p>;
  if (!view.folders.length) return <p class="muted">No workspace folder with a WORKFLOW.md is open.</p>;
  return (
    <main>
      {view.folders.map((folder) => <FolderSection key={folder.key} folder={folder} post={(message) => bridge.post(message)} />)}
    </main>
  );
}

render(<Dashboard />, document.getElementById('root')!);
