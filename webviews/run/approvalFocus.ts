/** How long to wait for the approval's row to render (the run detail may still be loading). */
const FOCUS_WAIT_MS = 10_000;
const FOCUSED_CLASS = 'focused';

/**
 * Scrolls the approvals section to one request and highlights it. The row may not exist yet (the
 * panel was just opened), so this waits for it to appear, with a bound, then gives up quietly.
 */
export function focusApproval(root: HTMLElement, approvalId: string): void {
  const selector = `[data-approval="${CSS.escape(approvalId)}"]`;
  const reveal = (row: Element) => {
    for (const previous of root.querySelectorAll(`.${FOCUSED_CLASS}`)) previous.classList.remove(FOCUSED_CLASS);
    row.classList.add(FOCUSED_CLASS);
    row.scrollIntoView({ block: 'center' });
  };
  const present = root.querySelector(selector);
  if (present) { reveal(present); return; }
  const observer = new MutationObserver(() => {
    const row = root.querySelector(selector);
    if (!row) return;
    stop();
    reveal(row);
  });
  const timer = setTimeout(() => stop(), FOCUS_WAIT_MS);
  const stop = () => { observer.disconnect(); clearTimeout(timer); };
  observer.observe(root, { childList: true, subtree: true });
}
