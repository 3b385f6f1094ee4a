import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { TimelineRows } from '../state/timelineRows.ts';
import { isAtBottom, scrollTopFor, virtualRange } from '../state/virtualRange.ts';

export const ROW_HEIGHT = 22;
const OVERSCAN = 12;
const EDGE_ROWS = 40;

export interface VirtualListProps {
  rows: TimelineRows;
  /** Stick to the bottom as rows are added. */
  follow: boolean;
  /** Bring this event into view when `serial` changes. */
  scrollRequest: { seq: number; serial: number } | null;
  renderRow: (index: number) => ComponentChildren;
  /** After every scroll and render: whether the viewport is near either end, and at the very bottom. */
  onViewport: (nearTop: boolean, nearBottom: boolean, atBottom: boolean) => void;
  label: string;
}

/**
 * A list that renders only the rows in view (plus a few), all of one height, in a spacer as tall
 * as every row. When rows are added above (an older page), the row at the top stays where it was.
 */
export function VirtualList({ rows, follow, scrollRequest, renderRow, onViewport, label }: VirtualListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ scrollTop: 0, height: 400 });
  /** The event at the top of the viewport and how far it is scrolled past: kept across re-renders. */
  const anchor = useRef<{ seq: number; offset: number } | null>(null);
  const honoured = useRef(0);

  const measure = () => {
    const element = scroller.current;
    if (!element) return;
    const first = Math.floor(element.scrollTop / ROW_HEIGHT);
    const event = rows.at(first);
    anchor.current = event ? { seq: event.seq, offset: element.scrollTop - first * ROW_HEIGHT } : null;
    setViewport((current) => (current.scrollTop === element.scrollTop && current.height === element.clientHeight ? current : { scrollTop: element.scrollTop, height: element.clientHeight }));
    const range = virtualRange({ scrollTop: element.scrollTop, height: element.clientHeight, rowHeight: ROW_HEIGHT, count: rows.count, overscan: OVERSCAN, edgeRows: EDGE_ROWS });
    onViewport(range.nearTop, range.nearBottom, isAtBottom(element.scrollTop, element.clientHeight, element.scrollHeight, ROW_HEIGHT));
  };

  const latestMeasure = useRef(measure);
  latestMeasure.current = measure;
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => latestMeasure.current());
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // After the rows changed: keep the reader's place, follow the bottom, or honour a jump.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (scrollRequest && scrollRequest.serial !== honoured.current) {
      const index = rows.lowerBound(scrollRequest.seq);
      if (index < rows.count) {
        honoured.current = scrollRequest.serial;
        element.scrollTop = scrollTopFor(index, { scrollTop: element.scrollTop, height: element.clientHeight, rowHeight: ROW_HEIGHT });
      }
    } else if (follow) {
      element.scrollTop = element.scrollHeight;
    } else if (anchor.current) {
      const target = rows.lowerBound(anchor.current.seq) * ROW_HEIGHT + anchor.current.offset;
      if (Math.abs(element.scrollTop - target) >= 1) element.scrollTop = target;
    }
    measure();
  }, [rows, follow, scrollRequest]);

  const range = virtualRange({ scrollTop: viewport.scrollTop, height: viewport.height, rowHeight: ROW_HEIGHT, count: rows.count, overscan: OVERSCAN, edgeRows: EDGE_ROWS });
  const rendered: ComponentChildren[] = [];
  for (let index = range.start; index < range.end; index++) {
    rendered.push(
      <div key={index - range.start} class="vrow" role="listitem" aria-setsize={rows.count} aria-posinset={index + 1}>
        {renderRow(index)}
      </div>,
    );
  }
  // The rendered rows flow inside one window moved into place, so rows added above move the window, not every row;
  // rows are keyed by their slot in the window, so scrolling refills existing elements instead of creating new ones.
  return (
    <div class="vscroller" ref={scroller} onScroll={measure} role="list" aria-label={label} tabIndex={0} style={{ '--row-height': `${ROW_HEIGHT}px` }}>
      <div class="vspacer" style={{ height: `${rows.count * ROW_HEIGHT}px` }}>
        <div class="vwindow" style={{ transform: `translateY(${range.start * ROW_HEIGHT}px)` }}>{rendered}</div>
      </div>
    </div>
  );
}
