/** A point of a time series. */
export interface SeriesPoint {
  at: string;
  value: number;
}

export interface ChartGeometry {
  /** SVG polyline points, "x,y x,y …". */
  points: string;
  max: number;
  from: number;
  to: number;
}

/** Scales a time series into a width × height box (time on x, value on y, 0 at the bottom). */
export function chartGeometry(series: readonly SeriesPoint[], width: number, height: number, padding = 2): ChartGeometry | undefined {
  const timed = series.map((point) => ({ t: new Date(point.at).getTime(), value: point.value })).filter((point) => Number.isFinite(point.t));
  if (timed.length === 0) return undefined;
  const from = Math.min(...timed.map((point) => point.t));
  const to = Math.max(...timed.map((point) => point.t));
  const max = Math.max(...timed.map((point) => point.value), 1);
  const span = Math.max(to - from, 1);
  const x = (t: number) => padding + ((t - from) / span) * (width - 2 * padding);
  const y = (value: number) => height - padding - (value / max) * (height - 2 * padding);
  // A step line: the total holds until the next run ends.
  const coordinates: string[] = [];
  timed.forEach((point, index) => {
    if (index > 0) coordinates.push(`${x(point.t).toFixed(1)},${y(timed[index - 1]!.value).toFixed(1)}`);
    coordinates.push(`${x(point.t).toFixed(1)},${y(point.value).toFixed(1)}`);
  });
  return { points: coordinates.join(' '), max, from, to };
}
