/** The rows a fixed-height virtual list renders for one scroll position. */
export interface VirtualRange {
  /** First and one-past-last row index to render (visible rows plus overscan). */
  start: number;
  end: number;
  /** Whether the viewport shows rows near either end (within `edgeRows`): time to page in more. */
  nearTop: boolean;
  nearBottom: boolean;
}

export interface VirtualViewport {
  scrollTop: number;
  height: number;
  rowHeight: number;
  count: number;
  overscan: number;
  edgeRows: number;
}

export function virtualRange({ scrollTop, height, rowHeight, count, overscan, edgeRows }: VirtualViewport): VirtualRange {
  const firstVisible = Math.max(0, Math.floor(scrollTop / rowHeight));
  const lastVisible = Math.min(count, Math.ceil((scrollTop + height) / rowHeight));
  return {
    start: Math.max(0, firstVisible - overscan),
    end: Math.min(count, lastVisible + overscan),
    nearTop: firstVisible < edgeRows,
    nearBottom: lastVisible > count - edgeRows,
  };
}

/** The scrollTop that shows row `index` (centred when it is out of view, unchanged when visible). */
export function scrollTopFor(index: number, viewport: Pick<VirtualViewport, 'scrollTop' | 'height' | 'rowHeight'>): number {
  const top = index * viewport.rowHeight;
  if (top >= viewport.scrollTop && top + viewport.rowHeight <= viewport.scrollTop + viewport.height) return viewport.scrollTop;
  return Math.max(0, top - Math.floor(viewport.height / 2));
}

/** Whether a scroller is at (or within a row of) its bottom. */
export function isAtBottom(scrollTop: number, height: number, scrollHeight: number, rowHeight: number): boolean {
  return scrollTop + height >= scrollHeight - rowHeight;
}
