import { memo } from 'preact/compat';
import type { RunLogPage } from '../../host/protocol/runs.ts';
import type { RunTextView } from '../../host/protocol/runView.ts';
import { ErrorBox } from '../shared/errorBox.tsx';
import type { Resource } from '../state/runState.ts';
import type { RunController } from './runController.ts';

/** The run's log lines (newest last) and the tail of its terminal. */
export const OutputSection = memo(function OutputSection({ logs, terminal, controller }: { logs: Resource<RunLogPage>; terminal: Resource<RunTextView>; controller: RunController }) {
  return (
    <section class="side-section" aria-label="Logs and terminal">
      <details open>
        <summary><h3>Log</h3></summary>
        {logs.error && <ErrorBox what="the log" error={logs.error} onRetry={() => void controller.load('logs')} />}
        {logs.value && (logs.value.lines.length === 0 ? <p class="muted">No log lines yet.</p> : (
          <ol class="log">
            {logs.value.lines.map((line) => (
              <li key={line.seq} class={`level-${line.level}`}>
                <button class="link seq" onClick={() => controller.jumpTo(line.seq)} title="Show in the timeline">#{line.seq}</button> {line.message}
              </li>
            ))}
          </ol>
        ))}
      </details>
      <details open>
        <summary><h3>Terminal</h3></summary>
        {terminal.error && <ErrorBox what="the terminal" error={terminal.error} onRetry={() => void controller.load('terminal')} />}
        {terminal.value && <pre class="terminal-excerpt" data-field="terminal">{terminal.value.truncated ? '…\n' : ''}{terminal.value.text || '(no output yet)'}</pre>}
      </details>
    </section>
  );
});
