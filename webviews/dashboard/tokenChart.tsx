import type { DashboardFolder } from '../../host/protocol/dashboardView.ts';
import { formatCount, formatTime } from '../shared/format.ts';
import { chartGeometry } from './chartGeometry.ts';

const WIDTH = 320;
const HEIGHT = 80;

/** Cumulative tokens over time as a small inline SVG step line. */
export function TokenChart({ folder }: { folder: DashboardFolder }) {
  const geometry = chartGeometry(folder.token_series.map((point) => ({ at: point.at, value: point.total_tokens })), WIDTH, HEIGHT);
  const { totals } = folder;
  return (
    <div class="token-chart">
      <h3>Tokens</h3>
      <p class="muted">{formatCount(totals.total_tokens)} total (in {formatCount(totals.input_tokens)}, out {formatCount(totals.output_tokens)}){totals.cost_usd !== null ? ` · $${totals.cost_usd.toFixed(2)}` : ' · cost not reported'}</p>
      {geometry ? (
        <svg class="chart" width={WIDTH} height={HEIGHT + 14} viewBox={`0 0 ${WIDTH} ${HEIGHT + 14}`} role="img" aria-label={`Tokens over time, up to ${formatCount(geometry.max)}`}>
          <line class="axis" x1="0" y1={HEIGHT} x2={WIDTH} y2={HEIGHT} />
          <polyline points={geometry.points} fill="none" stroke="currentColor" stroke-width="1.5" />
          <text x="0" y={HEIGHT + 12}>{formatTime(new Date(geometry.from).toISOString())}</text>
          <text x={WIDTH} y={HEIGHT + 12} text-anchor="end">{formatTime(new Date(geometry.to).toISOString())}</text>
          <text x="2" y="10">{formatCount(geometry.max)}</text>
        </svg>
      ) : <p class="muted">No runs yet.</p>}
    </div>
  );
}
