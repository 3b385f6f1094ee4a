import { memo } from 'preact/compat';
import type { RunFiles } from '../../host/protocol/runs.ts';
import { ErrorBox } from '../shared/errorBox.tsx';
import type { Resource } from '../state/runState.ts';
import type { RunController } from './runController.ts';

const SOURCE: Record<RunFiles['source'], string> = { git: 'compared with git', events: 'from the agent\'s recorded changes', none: '' };

/** Files the run changed; each opens VS Code's diff editor against its base. */
export const FilesSection = memo(function FilesSection({ files, controller }: { files: Resource<RunFiles>; controller: RunController }) {
  const value = files.value;
  return (
    <section class="side-section" aria-label="Files changed">
      <h3>Files changed {value && <span class="muted">{value.files.length} {SOURCE[value.source]}{value.base_ref ? ` (${value.base_ref.slice(0, 10)})` : ''}</span>}</h3>
      {files.error && <ErrorBox what="the changed files" error={files.error} onRetry={() => void controller.load('files')} />}
      {value && value.files.length === 0 && <p class="muted">No changes yet.</p>}
      {value && value.files.length > 0 && (
        <ul class="files">
          {value.files.map((file) => (
            <li key={file.path}>
              <button class="link" data-file={file.path} onClick={() => void controller.openDiff(file.path)} title="Open the diff against the base">{file.path}</button>
              <span class={`file-status status-${file.status}`}>{file.status}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});
