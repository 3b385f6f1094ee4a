import { memo } from 'preact/compat';
import type { RunDetailView } from '../../host/protocol/runView.ts';

/** The issue's context, the workspace, the harness session and validation results. */
export const ContextSection = memo(function ContextSection({ detail }: { detail: RunDetailView }) {
  const { issue, workspace, harness, validation } = detail;
  return (
    <section class="side-section" aria-label="Context">
      <h3>Issue</h3>
      {issue ? (
        <div class="issue">
          <div><strong>{issue.identifier}</strong> · {issue.state}{issue.priority !== null && ` · P${issue.priority}`}{issue.labels.length > 0 && <> · {issue.labels.map((label) => <span key={label} class="pill label">{label}</span>)}</>}</div>
          {issue.description && <p class="description">{issue.description}</p>}
        </div>
      ) : <p class="muted">The tracker no longer has this issue.</p>}
      <dl class="facts">
        <dt>Workspace</dt><dd data-field="workspace">{workspace ? <><code>{workspace.path}</code>{workspace.branch && <> on <code>{workspace.branch}</code></>}</> : 'not created yet'}</dd>
        <dt>Harness</dt><dd data-field="harness">{harness.kind}{harness.session_id && <> · session <code>{harness.session_id}</code></>}</dd>
      </dl>
      {validation && validation.length > 0 && (
        <>
          <h3>Validation</h3>
          <ul class="validation">
            {validation.map((result) => <li key={result.name} class={`status-${result.status}`}><strong>{result.name}</strong>: {result.status}{result.summary && <span class="muted"> — {result.summary}</span>}</li>)}
          </ul>
        </>
      )}
    </section>
  );
});
