import { memo } from 'preact/compat';
import { useMemo } from 'preact/hooks';
import type { EventEnvelope } from '../../host/protocol/envelope.ts';
import { ErrorBox } from '../shared/errorBox.tsx';
import { formatCount } from '../shared/format.ts';
import { indexOfSeq, eventAt } from '../state/eventWindow.ts';
import type { TimelineState } from '../state/timelineState.ts';
import { timelineRows } from '../state/timelineRows.ts';
import { describeEvent, eventJson } from './eventFormat.ts';
import type { RunController } from './runController.ts';
import { TimelineToolbar } from './timelineToolbar.tsx';
import { VirtualList } from './virtualList.tsx';

export interface TimelineProps {
  timeline: TimelineState;
  /** Events of the run in the journal (from the detail), for "n of m loaded". */
  total: number | null;
  controller: RunController;
}

interface EventRowProps {
  event: EventEnvelope;
  selected: boolean;
  controller: RunController;
}

/** One timeline row; rendered again only when its event or its selection changes. */
const EventRow = memo(function EventRow({ event, selected, controller }: EventRowProps) {
  const line = describeEvent(event);
  return (
    <div class={`event tone-${line.tone}${selected ? ' selected' : ''}${line.raw ? ' raw' : ''}`} data-seq={event.seq} data-type={event.type} onClick={() => controller.select(selected ? null : event.seq)} title={event.summary}>
      <span class="seq">#{event.seq}</span>
      <span class="time">{event.timestamp.slice(11, 19)}</span>
      <span class="kind">{line.label}</span>
      <span class={line.raw ? 'text raw-json' : 'text'}>{line.text}</span>
    </div>
  );
});

/** The run's events: a virtualised list that pages in as it scrolls, with filters, search and jumps. */
export const Timeline = memo(function Timeline({ timeline, total, controller }: TimelineProps) {
  const rows = useMemo(() => timelineRows(timeline.window, timeline.search), [timeline.window, timeline.search]);
  const selectedIndex = timeline.selectedSeq === null ? -1 : indexOfSeq(timeline.window, timeline.selectedSeq);
  const selected = selectedIndex >= 0 ? eventAt(timeline.window, selectedIndex) : undefined;
  const onViewport = (nearTop: boolean, nearBottom: boolean, atBottom: boolean) => {
    if (atBottom !== timeline.follow && !timeline.hasNewer) controller.setFollow(atBottom);
    controller.onViewport(nearTop, nearBottom);
  };
  const loading = timeline.loadingOlder || timeline.loadingNewer;
  // In the list: arrows move the selection (and the details pane), Escape closes it, End follows the newest again.
  const onKeyDown = (event: KeyboardEvent) => {
    if (!(event.target as HTMLElement).classList.contains('vscroller')) return;
    if (event.key === 'Escape') { controller.select(null); return; }
    if (event.key === 'End') { event.preventDefault(); controller.jumpToLatest(); return; }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const current = timeline.selectedSeq === null ? rows.count : rows.lowerBound(timeline.selectedSeq);
    const next = rows.at(Math.min(rows.count - 1, Math.max(0, current + (event.key === 'ArrowDown' ? 1 : -1))));
    if (next) controller.jumpTo(next.seq);
  };
  return (
    <section class="timeline" aria-label="Event timeline" onKeyDown={onKeyDown}>
      <TimelineToolbar timeline={timeline} controller={controller} />
      <div class="timeline-status muted" aria-live="polite">
        {formatCount(timeline.window.length)} loaded{total !== null && !timeline.types ? ` of ${formatCount(total)}` : ''} events
        {timeline.search && <> · {formatCount(rows.count)} match{rows.count === 1 ? '' : 'es'}</>}
        {loading && <> · loading…</>}
        {!timeline.hasOlder && <> · start of the run</>}
        {timeline.search && timeline.hasOlder && <> <button class="link" onClick={() => void controller.loadOlder()} disabled={timeline.loadingOlder}>Search older events</button></>}
        {(timeline.hasNewer || !timeline.follow) && (
          <> <button class="link" data-action="latest" onClick={() => controller.jumpToLatest()}>Jump to latest{timeline.unseenLive ? ` (${formatCount(timeline.unseenLive)} new)` : ''}</button></>
        )}
      </div>
      {timeline.error && <ErrorBox what="events" error={timeline.error} onRetry={() => controller.retryTimeline()} />}
      <VirtualList
        rows={rows}
        follow={timeline.follow && !timeline.hasNewer && !timeline.search}
        scrollRequest={timeline.scrollRequest}
        onViewport={onViewport}
        label="Run events"
        renderRow={(index) => {
          const event = rows.at(index);
          return event ? <EventRow event={event} selected={event.seq === timeline.selectedSeq} controller={controller} /> : null;
        }}
      />
      {selected && (
        <div class="event-details" aria-label={`Event ${selected.seq}`}>
          <div class="details-head"><strong>#{selected.seq} {selected.type}</strong> <span class="muted">{selected.timestamp}</span>
            <button class="link" onClick={() => controller.select(null)} aria-label="Close details">close</button></div>
          <pre>{eventJson(selected)}</pre>
        </div>
      )}
    </section>
  );
});
