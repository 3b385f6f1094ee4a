import type { WebviewError } from '../../host/protocol/webviewBridge.ts';

export interface ErrorBoxProps {
  what: string;
  error: WebviewError;
  onRetry?: () => void;
}

/** A failed load, said plainly, with a way to try again. */
export function ErrorBox({ what, error, onRetry }: ErrorBoxProps) {
  return (
    <div class="problem" role="alert" data-error={error.code}>
      <span>Could not load {what}: {error.message} <span class="muted">({error.code})</span></span>
      {onRetry && <button class="secondary" onClick={onRetry}>Retry</button>}
    </div>
  );
}
