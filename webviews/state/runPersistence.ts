import { z } from 'zod';
import { EventEnvelopeSchema } from '../../host/protocol/envelope.ts';
import { RunDetailViewSchema, RunTargetSchema } from '../../host/protocol/runView.ts';
import { appendEvents, emptyWindow, sliceWindow } from './eventWindow.ts';
import type { RunViewState } from './runState.ts';
import { initialRunState } from './runState.ts';
import { initialTimeline } from './timelineState.ts';

/** Events saved with the panel so a restored panel shows its latest activity at once. */
export const SAVED_TAIL_EVENTS = 50;

/**
 * What a run panel keeps in its webview state (`setState`), small on purpose: VS Code saves it on
 * every change and hands it back after a reload, to the webview and to the panel serializer (which
 * reads `target`). The event history itself is paged in again from the host.
 */
export const SavedRunStateSchema = z.object({
  version: z.literal(1),
  target: RunTargetSchema,
  detail: RunDetailViewSchema.nullable(),
  tail: z.array(EventEnvelopeSchema).max(SAVED_TAIL_EVENTS),
  kinds: z.array(z.string()),
  search: z.string(),
  selectedSeq: z.number().int().nullable(),
});
export type SavedRunState = z.infer<typeof SavedRunStateSchema>;

export function toSavedState(state: RunViewState): SavedRunState | undefined {
  if (!state.target) return undefined;
  const { timeline } = state;
  return {
    version: 1,
    target: state.target,
    detail: state.detail.value,
    // Only the newest events are worth keeping; a window that stops short of the newest keeps none.
    tail: timeline.hasNewer ? [] : sliceWindow(timeline.window, timeline.window.length - SAVED_TAIL_EVENTS, timeline.window.length),
    kinds: [...timeline.kinds],
    search: timeline.search,
    selectedSeq: timeline.selectedSeq,
  };
}

/** The state a panel starts from after a reload: what it saved, marked as restored (stale). */
export function fromSavedState(raw: unknown): RunViewState | undefined {
  const parsed = SavedRunStateSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const saved = parsed.data;
  const base = initialRunState(saved.target);
  return {
    ...base,
    restored: true,
    detail: { value: saved.detail, error: null, loading: false },
    timeline: {
      ...initialTimeline(saved.kinds),
      window: appendEvents(emptyWindow(), saved.tail),
      search: saved.search,
      selectedSeq: saved.selectedSeq,
    },
  };
}
